package io.github.zohousersbatch.job;

import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code shutdown-operation=delete}, an execution's metrics are in the Pushgateway
 * while it runs and its group is deleted when it ends.
 */
@ZohoBatchTest
class PushgatewayDeleteFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@DynamicPropertySource
	static void pushgateway(DynamicPropertyRegistry registry) {
		PushgatewayServer.configure(registry);
		registry.add("management.prometheus.metrics.export.pushgateway.shutdown-operation", () -> "delete");
		registry.add("management.prometheus.metrics.export.pushgateway.job", () -> "crm-users");
	}

	@BeforeEach
	void authorizedWithAllPages() throws Exception {
		PushgatewayServer.reset();
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		this.fixture.stubPages("users-page-");
	}

	@Test
	void aRunDeletesItsGroupWhenItEnds() throws Exception {
		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
		List<LoggedRequest> requests = PushgatewayServer.requests();
		assertThat(requests).isNotEmpty()
			.allSatisfy(request -> assertThat(request.getUrl()).isEqualTo("/metrics/job/crm-users/connection/test"));
		assertThat(requests.get(requests.size() - 1).getMethod().getName()).isEqualTo("DELETE");
		assertThat(requests).noneSatisfy(request -> assertThat(request.getMethod().getName()).isEqualTo("PUT"));
	}

}
