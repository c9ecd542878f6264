package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.job.JobRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;

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

	@Mixin
	private SummaryFileOption summaryFile;

	@Override
	public Integer call() throws Exception {
		this.summaryFile.checkWritable();
		JobExecution execution;
		try (SpringSession spring = this.root.startSpring()) {
			execution = spring.bean(JobRuns.class).run(this.connection);
		}
		catch (Exception ex) {
			this.summaryFile.write(ExecutionReport.failedBeforeExecution(this.connection, ex));
			throw ex;
		}
		this.summaryFile.write(ExecutionReport.of(execution));
		return ExecutionOutcome.report(execution);
	}

}
