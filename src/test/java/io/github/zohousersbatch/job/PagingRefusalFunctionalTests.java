package io.github.zohousersbatch.job;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zoho's refusal to page by number ({@code DISCRETE_PAGINATION_LIMIT_EXCEEDED},
 * documented for records past 2,000) on a users page fails the run with exit 1 and a
 * message that says what happened and points to {@code doctor}, not a generic refusal;
 * nobody is deactivated.
 */
@ZohoBatchTest
class PagingRefusalFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Test
	void aUsersPageRefusedForPagingPastZohosLimitFailsWithAnExplanation() throws Exception {
		// given: a completed run of 40 users, then Zoho refuses page 5 and beyond
		this.fixture.authorized("test");
		GeneratedUsers organisation = new GeneratedUsers(40, 5);
		organisation.stub(this.fixture.zoho(), 0);
		assertThat(this.jobRuns.run("test").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (int page = 5; page <= organisation.pages(); page++) {
			this.fixture.stubPage(page, ZohoWireMock.json(400, "error-discrete-pagination-limit.json"));
		}

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(FailureReason.fromExitCode(execution.getExitStatus().getExitCode()).exitCode()).isEqualTo(1);
		assertThat(execution.getExitStatus().getExitDescription())
			.contains(
					"Users page 5: Zoho refused to page past 2000 users (HTTP 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED: "
							+ "You can only get the first 2000 records without using page_token param.)")
			.contains("the run stopped after 20 users and deactivated nobody")
			.contains("Run zoho-users-batch doctor");
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(organisation.activeIds());
	}

}
