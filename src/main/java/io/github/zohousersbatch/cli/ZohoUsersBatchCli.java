package io.github.zohousersbatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;
import picocli.CommandLine;

/**
 * Entry point of zoho-users-batch: the command line. Arguments of the form
 * {@code --name.with.dots=value} are Spring properties
 * ({@code --spring.datasource.url=...}, {@code --zoho.connections.x.client-id=...}) and
 * go to Spring; the rest is parsed by picocli. The process ends with the command's exit
 * code, the one a scheduler acts on.
 */
public final class ZohoUsersBatchCli {

	private ZohoUsersBatchCli() {
	}

	public static void main(String[] args) {
		System.exit(execute(args));
	}

	public static int execute(String... args) {
		List<String> properties = new ArrayList<>();
		List<String> command = new ArrayList<>();
		for (String arg : args) {
			(isProperty(arg) ? properties : command).add(arg);
		}
		RootCommand root = new RootCommand(properties);
		CommandLine commandLine = BadInput.checked(new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true));
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> failed(ex, cmd, root));
		return commandLine.execute(command.toArray(String[]::new));
	}

	static boolean isProperty(String arg) {
		if (!arg.startsWith("--")) {
			return false;
		}
		int equals = arg.indexOf('=');
		String name = (equals < 0) ? arg.substring(2) : arg.substring(2, equals);
		return name.contains(".");
	}

	private static int failed(Exception ex, CommandLine command, RootCommand root) {
		FailureReason reason = Failures.reasonOf(ex);
		PrintWriter err = command.getErr();
		root.logFormat().printFailure(err, reason + ": " + Failures.messageOf(ex));
		if (root.debug()) {
			ex.printStackTrace(err);
		}
		err.flush();
		return reason.exitCode();
	}

}
