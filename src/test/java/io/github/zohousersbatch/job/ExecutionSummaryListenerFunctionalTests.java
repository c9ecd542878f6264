package io.github.zohousersbatch.job;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log lines batch operators read: one per page with the rate, one summary per
 * execution.
 */
@ZohoBatchTest
class ExecutionSummaryListenerFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Test
	void completedExecutionEndsWithOneSummaryLine(CapturedOutput output) throws Exception {
		// given
		this.fixture.authorized("test");

		// when
		JobExecution execution = this.fixture.complete("test", "users-page-", 4);

		// then
		assertThat(output.getErr())
			.containsPattern("Users page 2 of connection 'test': 5 users, more_records=true, "
					+ "10 read so far \\(\\d+ users/s\\)")
			.containsPattern("INFO \\[ExecutionSummaryListener\\] Execution " + execution.getId()
					+ " of connection 'test' COMPLETED in \\d+\\.\\d s: 17 read, 10 active, 7 filtered, 0 deactivated");
	}

	@Test
	void failedExecutionSummaryNamesItsExitCode(CapturedOutput output) throws Exception {
		// given: never authorized

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(output.getErr()).containsPattern("WARN \\[ExecutionSummaryListener\\] Execution " + execution.getId()
				+ " of connection 'test' FAILED \\(NO_REFRESH_TOKEN\\) in \\d+\\.\\d s: 0 read, 0 active, 0 filtered, "
				+ "0 deactivated");
	}

}
