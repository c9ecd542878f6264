package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run}: a new aggregation of one connection, from page 1.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
		description = "Start a new aggregation run of a connection and wait for it to end.")
class RunCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", defaultValue = "default", paramLabel = "NAME",
			description = "Zoho connection (zoho.connections.NAME.*); default: ${DEFAULT-VALUE}.")
	private String connection;

	@Override
	public Integer call() throws Exception {
		try (SpringSession spring = this.root.startSpring()) {
			return ExecutionOutcome.report(spring.bean(JobRuns.class).run(this.connection));
		}
	}

}
