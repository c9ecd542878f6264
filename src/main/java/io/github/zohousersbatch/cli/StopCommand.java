package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.fleet.FleetRuns;
import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stop}: asks a running execution, in whatever process, to stop at its next chunk
 * boundary.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask a running execution, or a fleet execution, to stop at its next chunk boundary; it can be "
				+ "restarted later.")
class StopCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Parameters(paramLabel = "EXECUTION_ID", description = "Execution to stop (see: status).")
	private long executionId;

	@Override
	public Integer call() throws Exception {
		try (SpringSession spring = this.root.startSpring()) {
			FleetRuns fleets = spring.bean(FleetRuns.class);
			if (fleets.find(this.executionId).isPresent()) {
				fleets.stop(this.executionId);
				System.out.println("Stop requested: the connections of fleet execution " + this.executionId
						+ " end at their next chunk boundary, here or on workers, and it ends with exit code 6; "
						+ "resume it with: zoho-users-batch restart " + this.executionId);
				return 0;
			}
			spring.bean(JobRuns.class).stop(this.executionId);
			System.out.println("Stop requested: execution " + this.executionId + " ends at its next chunk boundary "
					+ "with exit code 6; resume it with: zoho-users-batch restart " + this.executionId);
			return 0;
		}
	}

}
