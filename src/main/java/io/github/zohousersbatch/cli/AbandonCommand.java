package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code abandon}: gives up a failed or stopped execution for good.
 */
@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = "Give up a failed or stopped execution; its run can no longer be restarted.")
class AbandonCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Parameters(paramLabel = "EXECUTION_ID", description = "Execution to abandon (see: status).")
	private long executionId;

	@Override
	public Integer call() throws Exception {
		try (SpringSession spring = this.root.startSpring()) {
			spring.bean(JobRuns.class).abandon(this.executionId);
			System.out.println("Execution " + this.executionId + " abandoned");
			return 0;
		}
	}

}
