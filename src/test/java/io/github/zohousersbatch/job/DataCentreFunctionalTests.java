package io.github.zohousersbatch.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data-centre affinity: refreshes go to the accounts server that issued the tokens, API
 * calls to the API domain of the latest token answer, and Zoho's refusal of a client
 * names both data centres. (That another data centre's accounts server is trusted for a
 * connection, as Multi-DC needs, is shown in {@code TrustedServersTests}: this test
 * cannot reach Zoho's real servers.)
 */
@ZohoBatchTest
class DataCentreFunctionalTests {

	static final String REFRESH_TOKEN = TokenEconomyFunctionalTests.REFRESH_TOKEN;

	static final String TOKEN = TokenEconomyFunctionalTests.TOKEN;

	@Autowired
	ZohoFixture fixture;

	@Autowired
	TokenStore tokenStore;

	@BeforeEach
	void cleanState() {
		for (int page = 1; page <= 4; page++) {
			this.fixture.stubPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
	}

	@Test
	void refreshesGoToTheStoredAccountsServerAndCallsToTheReturnedApiDomain() throws Exception {
		// given: the tokens were issued with Zoho's EU API domain; the refresh answer
		// names this server instead
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), "https://www.zohoapis.eu");
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh.json")));

		// when
		JobExecution execution = this.fixture.run("test");
		JobExecution next = this.fixture.run("test");

		// then: the API domain changed, and the tokens stored with it are read back by
		// the next run
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(next.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(1, postRequestedFor(urlPathEqualTo(TOKEN)).withFormParam("refresh_token", equalTo(REFRESH_TOKEN)));
		assertThat(this.tokenStore.find("test")).get()
			.satisfies(token -> assertThat(token.apiDomain()).isEqualTo(ZohoWireMock.baseUrl()))
			.satisfies(token -> assertThat(token.accountsServer()).isEqualTo(ZohoWireMock.baseUrl()));
	}

	@Test
	void wrongDataCentreNamesBothAndTheLikelyFix() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-error-invalid-client.json")));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("TOKEN_REJECTED");
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("The Zoho accounts server " + ZohoWireMock.baseUrl() + " (data centre custom) rejected the "
					+ "client of connection 'test' with invalid_client")
			.contains("configured for data centre us")
			.contains("set zoho.connections.test.data-center")
			.contains("Multi-DC")
			.doesNotContain(ZohoBatchTest.CLIENT_SECRET);
	}

	private void authorized(String connection, Instant accessTokenExpiry, String apiDomain) {
		this.tokenStore.saveAuthorization(new ConnectionToken(connection, "us", ZohoWireMock.baseUrl(), apiDomain,
				REFRESH_TOKEN, TokenEconomyFunctionalTests.STORED_ACCESS_TOKEN, accessTokenExpiry, "ZohoCRM.users.READ",
				Instant.now(), null));
	}

}
