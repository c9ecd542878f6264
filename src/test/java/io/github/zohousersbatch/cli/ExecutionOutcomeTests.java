package io.github.zohousersbatch.cli;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionOutcomeTests {

	@Test
	void exitCodeFollowsStatusAndReason() {
		assertThat(ExecutionOutcome.exitCode(execution(BatchStatus.COMPLETED, "COMPLETED"))).isZero();
		assertThat(ExecutionOutcome.exitCode(execution(BatchStatus.STOPPED, "STOPPED"))).isEqualTo(6);
		assertThat(ExecutionOutcome.exitCode(execution(BatchStatus.FAILED, "FAILED"))).isEqualTo(1);
		assertThat(ExecutionOutcome.exitCode(execution(BatchStatus.FAILED, "NO_REFRESH_TOKEN"))).isEqualTo(3);
		assertThat(ExecutionOutcome.exitCode(execution(BatchStatus.FAILED, "TOKEN_REJECTED"))).isEqualTo(4);
		assertThat(ExecutionOutcome.exitCode(execution(BatchStatus.ABANDONED, "ABANDONED"))).isEqualTo(1);
	}

	private static JobExecution execution(BatchStatus status, String exitCode) {
		JobExecution execution = new JobExecution(1L, new JobInstance(1L, "zohoActiveUsersJob"), new JobParameters());
		execution.setStatus(status);
		execution.setExitStatus(new ExitStatus(exitCode));
		return execution;
	}

}
