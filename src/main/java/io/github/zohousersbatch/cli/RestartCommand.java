package io.github.zohousersbatch.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.fleet.FleetProperties;
import io.github.zohousersbatch.fleet.FleetRuns;
import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;

/**
 * {@code restart}: resumes a failed or stopped execution from its last committed page.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Resume a failed or stopped execution where it stopped (a killed one is recovered first).")
class RestartCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@ArgGroup(exclusive = true, multiplicity = "1")
	private Target target;

	static class Target {

		@Parameters(paramLabel = "EXECUTION_ID", description = "Execution to resume (see: status).")
		Long executionId;

		@Option(names = "--last-failed",
				description = "Resume the latest execution of the connection if it did not complete.")
		boolean lastFailed;

	}

	@Option(names = "--connection", converter = ConnectionNameOption.class, defaultValue = "default",
			paramLabel = "NAME", description = "Connection for --last-failed; default: ${DEFAULT-VALUE}.")
	private String connection;

	@Option(names = "--all",
			description = "With --last-failed: the latest fleet execution (run --all), its connections that did not "
					+ "complete; those that did make no call to Zoho.")
	private boolean all;

	@Option(names = "--allow-mass-deactivation",
			description = "Let reconciliation deactivate more than zoho.job.max-deactivation-share of the active "
					+ "users (after checking that the drop is real).")
	private boolean allowMassDeactivation;

	@Option(names = "--remote",
			description = "With a fleet execution: send its connections that did not complete to worker processes "
					+ "(see: worker), as run --remote does.")
	private boolean remote;

	@Mixin
	private SummaryFileOption summaryFile;

	@Override
	public Integer call() throws Exception {
		if (this.all && this.target.executionId != null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"--all restarts the latest fleet execution: give it with --last-failed, not with an execution id");
		}
		if (this.all || isFleet(this.target.executionId)) {
			return restartFleet();
		}
		if (this.remote) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"--remote restarts a fleet execution; execution " + this.target.executionId + " is not one");
		}
		// known before the restart only with --last-failed; by id, the execution tells
		String knownConnection = (this.target.executionId != null) ? null : this.connection;
		Optional<JobExecution> restarted;
		try (SpringSession spring = this.root.startSpring(); SignalStop signals = SignalStop.install(spring)) {
			JobRuns runs = spring.bean(JobRuns.class);
			restarted = (this.target.executionId != null)
					? Optional.of(runs.restart(this.target.executionId, this.allowMassDeactivation))
					: runs.restartLastFailed(this.connection, this.allowMassDeactivation);
		}
		catch (Exception ex) {
			this.summaryFile.write(ExecutionReport.failedBeforeExecution(knownConnection, ex));
			throw ex;
		}
		if (restarted.isEmpty()) {
			String nothing = "Nothing to restart: the latest execution of connection '" + this.connection
					+ "' completed or was abandoned, or there is none.";
			this.summaryFile.write(ExecutionReport.nothingToDo(this.connection, nothing));
			System.out.println(nothing);
			return 0;
		}
		this.summaryFile.write(ExecutionReport.of(restarted.get()));
		return ExecutionOutcome.report(restarted.get());
	}

	private boolean isFleet(Long executionId) {
		if (executionId == null) {
			return false;
		}
		try (SpringSession spring = this.root.startSpring()) {
			return spring.bean(FleetRuns.class).find(executionId).isPresent();
		}
	}

	private int restartFleet() throws Exception {
		Map<String, String> role = this.remote ? Map.of("zoho.fleet.role", FleetProperties.MANAGER) : Map.of();
		try (SpringSession spring = this.root.startSpring(role)) {
			FleetRuns fleets = spring.bean(FleetRuns.class);
			Optional<JobExecution> restarted = this.all ? fleets.restartLastFailed()
					: Optional.of(fleets.restart(this.target.executionId));
			if (restarted.isEmpty()) {
				String nothing = "Nothing to restart: the latest fleet execution completed or was abandoned, or there "
						+ "is none.";
				this.summaryFile.write(ExecutionReport.nothingToDo(null, nothing));
				System.out.println(nothing);
				return 0;
			}
			return FleetCommands.report(spring, restarted.get(), this.summaryFile);
		}
		catch (Exception ex) {
			this.summaryFile.write(ExecutionReport.failedBeforeExecution(null, ex));
			throw ex;
		}
	}

}
