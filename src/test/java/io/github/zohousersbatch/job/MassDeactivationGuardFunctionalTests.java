package io.github.zohousersbatch.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mass-deactivation guard: a share of the active users, an absolute number, and two
 * drops in a row; and the operator's override, accepted only for an execution the guard
 * refused, for the restart of that execution only.
 */
@ZohoBatchTest
@TestPropertySource(properties = "zoho.job.max-deactivations=20")
class MassDeactivationGuardFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@BeforeEach
	void authorized() {
		this.fixture.authorized("test");
	}

	@Test
	void twoDropsInARowJustUnderTheShareAreRefusedTogether() throws Exception {
		// given: 30 active users, then a run that deactivates 15 of them (50 %: just
		// allowed)
		GeneratedUsers organisation = new GeneratedUsers(40, 5);
		complete(organisation);
		JobExecution firstDrop = complete(organisation.without(0, 20));
		assertThat(this.fixture.activeIds("test")).hasSize(15);

		// when: the next run would deactivate another 6 of the 15 left (40 %)
		JobExecution secondDrop = runOver(organisation.without(0, 28));

		// then
		assertThat(firstDrop.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(secondDrop.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		assertThat(secondDrop.getExitStatus().getExitDescription())
			.contains("would deactivate 6 of the 15 active users")
			.contains("with the 15 the previous run deactivated, that is 21 of the 30 users active two runs ago (70%");
		assertThat(this.fixture.activeIds("test")).hasSize(15);
	}

	@Test
	void moreThanTheAbsoluteCapIsRefusedEvenUnderTheShare() throws Exception {
		// given: 60 active users
		GeneratedUsers organisation = new GeneratedUsers(80, 5);
		complete(organisation);

		// when: 24 of them would go (40 %, more than zoho.job.max-deactivations=20)
		JobExecution refused = runOver(organisation.without(0, 32));

		// then
		assertThat(refused.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		assertThat(refused.getExitStatus().getExitDescription())
			.contains("would deactivate 24 of the 60 active users, more than zoho.job.max-deactivations=20");
		assertThat(this.fixture.activeIds("test")).hasSize(60);
	}

	@Test
	void theOverrideIsRefusedForAnExecutionTheGuardDidNotRefuse() throws Exception {
		// given: a run that failed on a page
		GeneratedUsers organisation = new GeneratedUsers(20, 5);
		organisation.stub(this.fixture.zoho(), 0);
		this.fixture.stubPage(2, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");

		// when / then
		assertThatThrownBy(() -> this.jobRuns.restart(failed.getId(), true)).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("applies only to an execution that the mass-deactivation guard refused")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
	}

	@Test
	void theOverrideHoldsForTheRestartOfTheRefusedExecutionOnly() throws Exception {
		// given: a refused run, whose allowed restart fails before reconciling (Zoho
		// rejects the token)
		GeneratedUsers organisation = new GeneratedUsers(20, 5);
		complete(organisation);
		JobExecution refused = runOver(organisation.without(0, 12));
		assertThat(refused.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		this.fixture.authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES));
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-error-invalid-code.json")));
		JobExecution allowedButFailed = this.jobRuns.restart(refused.getId(), true);
		assertThat(allowedButFailed.getExitStatus().getExitCode()).isEqualTo("TOKEN_REJECTED");

		// when: the token is fixed and that execution restarted without the override
		this.fixture.authorized("test");
		JobExecution again = this.jobRuns.restart(allowedButFailed.getId());

		// then: the guard refuses again; only an explicit override of this refusal lets
		// it through
		assertThat(again.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		assertThat(this.fixture.activeIds("test")).hasSize(15);
		JobExecution allowed = this.jobRuns.restart(again.getId(), true);
		assertThat(allowed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).hasSize(6);
		assertThat(this.fixture.jdbc()
			.sql("select mass_deactivation_allowed from zoho_aggregation_run where last_execution_id = ?")
			.param(allowed.getId())
			.query(Boolean.class)
			.single()).isTrue();
	}

	private JobExecution complete(GeneratedUsers organisation) throws Exception {
		JobExecution execution = runOver(organisation);
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		return execution;
	}

	private JobExecution runOver(GeneratedUsers organisation) throws Exception {
		this.fixture.zoho().resetAll();
		organisation.stub(this.fixture.zoho(), 0);
		return this.jobRuns.run("test");
	}

}
