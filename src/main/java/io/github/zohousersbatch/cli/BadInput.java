package io.github.zohousersbatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

import org.springframework.boot.convert.DurationStyle;

/**
 * Bad input at the command line, for every command alike: each value given is checked by
 * the rule of its label ({@link ArgumentRule}) before the command starts, and a value
 * that is wrong, or that picocli cannot convert, ends the process with exit code 2 and
 * one sentence naming the option and what it expects. Other usage errors (an unknown
 * option, a missing one) get picocli's message and the command's usage, as before.
 */
final class BadInput implements IExecutionStrategy, IParameterExceptionHandler {

	private final IParameterExceptionHandler usage;

	private BadInput(IParameterExceptionHandler usage) {
		this.usage = usage;
	}

	/**
	 * Installs the checks, and the converters every command shares, on a command line.
	 */
	static CommandLine checked(CommandLine commandLine) {
		BadInput badInput = new BadInput(commandLine.getParameterExceptionHandler());
		return commandLine.registerConverter(Duration.class, DurationStyle::detectAndParse)
			.setExecutionStrategy(badInput)
			.setParameterExceptionHandler(badInput);
	}

	@Override
	public int execute(ParseResult parseResult) {
		for (ParseResult command = parseResult; command != null; command = command.subcommand()) {
			for (ArgSpec arg : command.matchedArgs()) {
				check(command.commandSpec().commandLine(), arg);
			}
		}
		return new RunLast().execute(parseResult);
	}

	private static void check(CommandLine command, ArgSpec arg) {
		Optional<ArgumentRule> rule = ArgumentRule.of(arg);
		if (rule.isEmpty()) {
			return;
		}
		for (String value : arg.originalStringValues()) {
			if (!rule.get().accepts(value)) {
				throw new ParameterException(command, rule.get().sentence(arg, value), null, arg, value);
			}
		}
	}

	@Override
	public int handleParseException(ParameterException ex, String[] args) throws Exception {
		ArgSpec arg = ex.getArgSpec();
		// a value picocli could not convert (a number, one of an enum's names) or that a
		// rule refused, rather than an unknown or missing option
		boolean badValue = ex.getClass() == ParameterException.class && arg != null && ex.getValue() != null;
		if (!badValue) {
			return this.usage.handleParseException(ex, args);
		}
		PrintWriter err = ex.getCommandLine().getErr();
		err.println(ArgumentRule.of(arg)
			.map(rule -> rule.sentence(arg, ex.getValue()))
			.orElseGet(() -> ArgumentRule.sentence(arg, ex.getValue(), ex.getMessage())));
		err.flush();
		return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
	}

}
