package io.github.zohousersbatch.job;

import io.github.zohousersbatch.ZohoBatchTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Batch's steps log their warnings and errors with the application's settings: a
 * listener that fails after its step does not fail the step, so the framework's log line
 * is the only trace of it.
 */
@ZohoBatchTest
class FrameworkLoggingFunctionalTests {

	@Autowired
	JobRepository jobRepository;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void anExceptionInAnAfterStepCallbackReachesTheLog(CapturedOutput output) throws Exception {
		// given: a step whose listener fails after it
		StepExecutionListener failing = new StepExecutionListener() {
			@Override
			public ExitStatus afterStep(StepExecution stepExecution) {
				throw new IllegalStateException("listener broke");
			}
		};
		var step = new StepBuilder("frameworkLoggingStep", this.jobRepository)
			.tasklet((contribution, chunk) -> RepeatStatus.FINISHED, this.transactionManager)
			.listener(failing)
			.build();

		// when
		JobExecution execution = this.jobOperator.start(
				new JobBuilder("frameworkLoggingJob", this.jobRepository).start(step).build(),
				new JobParametersBuilder().addString("test", "afterStep").toJobParameters());

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains("Exception in afterStep callback");
	}

}
