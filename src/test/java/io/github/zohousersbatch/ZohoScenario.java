package io.github.zohousersbatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.TokenStore;
import io.github.zohousersbatch.job.JobRuns;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given-steps shared by integration tests: an authorized connection whose API domain is
 * {@link ZohoWireMock}, users pages served from the fixtures, and runs of the job.
 */
public final class ZohoScenario {

	public static final String ACCESS_TOKEN = "1000.0a1b2c3d4e5f60718293a4b5c6d7e8f9.f9e8d7c6b5a4938271605f4e3d2c1b0a";

	public static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	private final TokenStore tokenStore;

	private final JobRuns jobRuns;

	public ZohoScenario(TokenStore tokenStore, JobRuns jobRuns) {
		this.tokenStore = tokenStore;
		this.jobRuns = jobRuns;
	}

	/**
	 * The connection holds tokens, the access token valid for an hour (no refresh
	 * needed).
	 */
	public void authorized(String connection) {
		this.tokenStore.saveAuthorization(new ConnectionToken(connection, "us", ZohoWireMock.baseUrl(),
				ZohoWireMock.baseUrl(), REFRESH_TOKEN, ACCESS_TOKEN, Instant.now().plus(1, ChronoUnit.HOURS),
				"ZohoCRM.users.READ", Instant.now(), null));
	}

	public void stubPage(int page, ResponseDefinitionBuilder response) {
		ZohoWireMock.server()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo(String.valueOf(page)))
				.willReturn(response));
	}

	/**
	 * Serves {@code prefix1.json} .. {@code prefixN.json} as pages 1 to N, and their
	 * number of users as the count.
	 */
	public void stubPages(String prefix, int pages) {
		for (int page = 1; page <= pages; page++) {
			stubPage(page, ZohoWireMock.json(prefix + page + ".json"));
		}
		ZohoWireMock.stubUsersCount(ZohoWireMock.usersIn(prefix, pages));
	}

	/** A run of the connection over those pages, which must complete. */
	public JobExecution complete(String connection, String prefix, int pages) throws Exception {
		stubPages(prefix, pages);
		JobExecution execution = this.jobRuns.run(connection);
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		return execution;
	}

}
