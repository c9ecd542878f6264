package io.github.zohousersbatch.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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

	@Option(names = "--connection", defaultValue = "default", paramLabel = "NAME",
			description = "Connection for --last-failed; default: ${DEFAULT-VALUE}.")
	private String connection;

	@Option(names = "--allow-mass-deactivation",
			description = "Let reconciliation deactivate more than zoho.job.max-deactivation-share of the active "
					+ "users (after checking that the drop is real).")
	private boolean allowMassDeactivation;

	@Override
	public Integer call() throws Exception {
		try (SpringSession spring = this.root.startSpring()) {
			JobRuns runs = spring.bean(JobRuns.class);
			if (this.target.executionId != null) {
				return ExecutionOutcome.report(runs.restart(this.target.executionId, this.allowMassDeactivation));
			}
			Optional<JobExecution> restarted = runs.restartLastFailed(this.connection, this.allowMassDeactivation);
			if (restarted.isEmpty()) {
				System.out.println("Nothing to restart: the latest execution of connection '" + this.connection
						+ "' completed or was abandoned, or there is none.");
				return 0;
			}
			return ExecutionOutcome.report(restarted.get());
		}
	}

}
