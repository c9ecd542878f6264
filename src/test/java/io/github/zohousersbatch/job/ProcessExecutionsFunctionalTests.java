package io.github.zohousersbatch.job;

import java.util.List;
import java.util.UUID;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoJob;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stop a signal asks for, against the job repository in PostgreSQL: it reaches the
 * executions this process runs, through the repository as an operator's stop does, and an
 * execution that starts after it is stopped as it starts. Each test has a process of its
 * own ({@link ProcessExecutions} made here): the context's is shared by every test.
 */
@ZohoBatchTest
class ProcessExecutionsFunctionalTests {

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ObjectProvider<JobOperator> jobOperator;

	@Test
	void aStopReachesEveryExecutionThisProcessRunsAndNoOther() {
		// given: two executions started in this process, one of which ended
		ProcessExecutions process = new ProcessExecutions(this.jobOperator, this.jobRepository);
		JobExecution running = started();
		JobExecution ended = started();
		process.beforeJob(running);
		process.beforeJob(ended);
		process.afterJob(ended);

		// when
		List<Long> stopped = process.stopAll();

		// then: Spring Batch's operator records the stop at once; the running job reads
		// it
		// at its next chunk boundary
		assertThat(stopped).containsExactly(running.getId());
		assertThat(statusOf(running)).isEqualTo(BatchStatus.STOPPED);
		assertThat(statusOf(ended)).isEqualTo(BatchStatus.STARTED);
	}

	@Test
	void anExecutionThatStartsAfterAStopIsStoppedAsItStarts() {
		// given: a process told to stop while it ran nothing yet
		ProcessExecutions process = new ProcessExecutions(this.jobOperator, this.jobRepository);
		assertThat(process.stopAll()).isEmpty();
		JobExecution execution = started();

		// when
		process.beforeJob(execution);

		// then
		assertThat(process.isStopping()).isTrue();
		assertThat(statusOf(execution)).isEqualTo(BatchStatus.STOPPED);
	}

	private JobExecution started() {
		JobParameters parameters = new JobParametersBuilder().addString(ZohoJob.CONNECTION, "test")
			.addString(ZohoJob.RUN_ID, UUID.randomUUID().toString())
			.toJobParameters();
		JobInstance instance = this.jobRepository.createJobInstance(ZohoJob.NAME, parameters);
		JobExecution execution = this.jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
		execution.setStatus(BatchStatus.STARTED);
		this.jobRepository.update(execution);
		return execution;
	}

	private BatchStatus statusOf(JobExecution execution) {
		return this.jobRepository.getJobExecution(execution.getId()).getStatus();
	}

}
