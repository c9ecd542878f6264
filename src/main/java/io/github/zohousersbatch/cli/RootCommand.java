package io.github.zohousersbatch.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code zoho-users-batch}: without a command, runs the demo when no Zoho connection is
 * configured.
 */
@Command(name = "zoho-users-batch", mixinStandardHelpOptions = true, version = "zoho-users-batch 0.1.0",
		description = "Aggregates the active users of Zoho CRM organisations into PostgreSQL.%n"
				+ "Spring properties (--spring.datasource.url=..., --zoho.connections.NAME.client-id=...) may be "
				+ "given on any command line.",
		subcommands = { AuthorizeCommand.class, RunCommand.class, RestartCommand.class, StatusCommand.class,
				StopCommand.class, AbandonCommand.class, HistoryCommand.class, DemoCommand.class, DbCommand.class,
				CheckCommand.class, DeauthorizeCommand.class, LicencesCommand.class, ExportCommand.class,
				ConnectionsCommand.class, WorkerCommand.class, DoctorCommand.class, PurgeCommand.class },
		footer = { "", "Exit codes: 0 completed, 1 failed (restartable), 2 usage or configuration error, "
				+ "3 no refresh token, 4 token rejected by Zoho, 5 already running, 6 stopped, 7 mass deactivation refused, "
				+ "8 the read did not add up to Zoho's count of users." })
class RootCommand implements Callable<Integer> {

	private final List<String> propertyArgs;

	private boolean warned;

	@Option(names = "--debug", scope = ScopeType.INHERIT, description = "Log at DEBUG level and print stack traces.")
	private boolean debug;

	@Option(names = "--log-format", scope = ScopeType.INHERIT, defaultValue = "text", paramLabel = "FORMAT",
			description = "Log lines on standard error as text or json (one JSON object per line); "
					+ "default: ${DEFAULT-VALUE}.")
	private LogFormat logFormat = LogFormat.TEXT;

	RootCommand(List<String> propertyArgs) {
		this.propertyArgs = List.copyOf(propertyArgs);
	}

	boolean debug() {
		return this.debug;
	}

	LogFormat logFormat() {
		return this.logFormat;
	}

	SpringSession startSpring() {
		return startSpring(Map.of());
	}

	SpringSession startSpring(Map<String, String> extraProperties) {
		if (!this.warned) {
			this.warned = true;
			SecretArguments.warning(this.propertyArgs).ifPresent((warning) -> {
				PrintWriter err = new PrintWriter(System.err, true);
				this.logFormat.print(err, "WARN", warning);
			});
		}
		Map<String, String> properties = new LinkedHashMap<>(extraProperties);
		properties.putAll(this.logFormat.springProperties(this.propertyArgs));
		return SpringSession.start(this.propertyArgs, this.debug, properties);
	}

	@Override
	public Integer call() {
		return new DemoCommand(this, true).call();
	}

}
