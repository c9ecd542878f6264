package io.github.zohousersbatch.licence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run's organisation, licence and users count requests go to Zoho together, so that a
 * fleet's connections wait for one latency before their first page, not three: all three
 * are in flight at once (their answers held), and the run completes once they are let go.
 */
@ZohoBatchTest
class StartRequestsFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	final ZohoWireMock.Gate gate = ZohoWireMock.gate();

	@AfterEach
	void openTheGate() {
		this.gate.open();
	}

	@Test
	void theOrganisationLicenceAndCountRequestsAreInFlightTogether() throws Exception {
		// given: their answers held
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.fixture.zoho()
			.stubFor(get("/crm/v8/org")
				.willReturn(ZohoWireMock.json("org.json").withTransformers(ZohoWireMock.Gate.NAME)));
		this.fixture.zoho()
			.stubFor(get("/crm/v8/__features/user_licenses")
				.willReturn(ZohoWireMock.json("user-licenses.json").withTransformers(ZohoWireMock.Gate.NAME)));
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count"))
				.withQueryParam("type", WireMock.equalTo("AllUsers"))
				.willReturn(WireMock.okJson("{\"count\":" + ZohoWireMock.usersIn("users-page-", 4) + "}")
					.withTransformers(ZohoWireMock.Gate.NAME)));
		this.gate.close();

		// when
		CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(() -> {
			try {
				return this.fixture.run("test");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});

		// then
		await().atMost(Duration.ofSeconds(30)).until(() -> this.gate.waiting() == 3);
		this.gate.open();
		JobExecution execution = run.get(1, TimeUnit.MINUTES);
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).isEqualTo(ZohoFixture.ACTIVE_IDS);
	}

}
