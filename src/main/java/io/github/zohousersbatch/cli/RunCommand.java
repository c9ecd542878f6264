package io.github.zohousersbatch.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.fleet.FleetProperties;
import io.github.zohousersbatch.fleet.FleetRuns;
import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;

/**
 * {@code run}: a new aggregation of one connection, from page 1; with {@code --all} or
 * several {@code --connection}, a fleet run of all of them in one execution.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "Start a new aggregation run of a connection and wait for it to end.",
				"With --all, or --connection given more than once: one fleet execution runs every one of those "
						+ "connections, zoho.fleet.concurrency at once, each as its own run; the exit code is the "
						+ "most urgent of theirs (jobs/EXIT-CODES.md).",
				"With --remote, worker processes (see: worker) run those connections instead, on this machine or "
						+ "others, through a message broker." })
class RunCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, paramLabel = "NAME",
			description = "Zoho connection (zoho.connections.NAME.*, or registered by authorize --client); repeat it "
					+ "for a fleet run; default: default.")
	private List<String> connections;

	@Option(names = "--all", description = "A fleet run of every enabled connection (see: connections).")
	private boolean all;

	@Option(names = "--remote",
			description = "With a fleet run: send its connections to worker processes (see: worker) through the broker "
					+ "spring.artemis.broker-url; without one, embed a broker on tcp://127.0.0.1:"
					+ "zoho.fleet.embedded-broker-port (61616) for the workers of this account on this machine "
					+ "(TLS and a password, both kept in the state directory).")
	private boolean remote;

	@Mixin
	private SummaryFileOption summaryFile;

	@Override
	public Integer call() throws Exception {
		if (this.all && this.connections != null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Give --all or --connection, not both");
		}
		if (this.all || (this.connections != null && this.connections.size() > 1) || this.remote) {
			return runFleet();
		}
		String connection = (this.connections != null) ? this.connections.get(0) : "default";
		JobExecution execution;
		try (SpringSession spring = this.root.startSpring(); SignalStop signals = SignalStop.install(spring)) {
			execution = spring.bean(JobRuns.class).run(connection);
		}
		catch (Exception ex) {
			this.summaryFile.write(ExecutionReport.failedBeforeExecution(connection, ex));
			throw ex;
		}
		this.summaryFile.write(ExecutionReport.of(execution));
		return ExecutionOutcome.report(execution);
	}

	private int runFleet() throws Exception {
		Map<String, String> role = this.remote ? Map.of("zoho.fleet.role", FleetProperties.MANAGER) : Map.of();
		try (SpringSession spring = this.root.startSpring(role)) {
			FleetRuns fleets = spring.bean(FleetRuns.class);
			JobExecution fleet = fleets.run(this.all ? fleets.enabledConnections()
					: (this.connections != null) ? this.connections : List.of("default"));
			return FleetCommands.report(spring, fleet, this.summaryFile);
		}
		catch (Exception ex) {
			this.summaryFile.write(ExecutionReport.failedBeforeExecution(null, ex));
			throw ex;
		}
	}

}
