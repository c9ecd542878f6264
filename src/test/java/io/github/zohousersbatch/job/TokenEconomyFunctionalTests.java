package io.github.zohousersbatch.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.MissingRefreshTokenException;
import io.github.zohousersbatch.auth.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How often the job asks Zoho for tokens, and where: Zoho allows 10 refreshes per 10
 * minutes, and a refresh must go to the accounts server that issued the refresh token.
 */
@ZohoBatchTest
class TokenEconomyFunctionalTests {

	static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	static final String STORED_ACCESS_TOKEN = "1000.0a1b2c3d4e5f60718293a4b5c6d7e8f9.f9e8d7c6b5a4938271605f4e3d2c1b0a";

	static final String REFRESHED_ACCESS_TOKEN = "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

	static final String TOKEN = "/oauth/v2/token";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	TokenStore tokenStore;

	@BeforeEach
	void cleanState() {
		stubUsersPages();
	}

	@Test
	void twoRunsWithAValidStoredTokenMakeNoRefresh() throws Exception {
		// given
		authorized("test", Instant.now().plus(1, ChronoUnit.HOURS), ZohoWireMock.baseUrl());

		// when
		JobExecution first = this.jobRuns.run("test");
		JobExecution second = this.jobRuns.run("test");

		// then
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(0, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void twoRunsWithAnExpiredTokenMakeOneRefresh() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh.json")));

		// when
		JobExecution first = this.jobRuns.run("test");
		JobExecution second = this.jobRuns.run("test");

		// then
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
		verifyEveryPage(2, REFRESHED_ACCESS_TOKEN);
	}

	@Test
	void aRestartReusesTheTokenItsRunRefreshed() throws Exception {
		// given: a run that refreshed, then failed on page 3
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh.json")));
		stubUsersPage(3, ZohoWireMock.json(500, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);

		// when
		stubUsersPage(3, ZohoWireMock.json("users-page-3.json"));
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void throttledRefreshFailsRestartablyAndIsNotRetriedWithinTheWindow() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-error-throttled.json")));
		JobExecution throttled = this.jobRuns.run("test");

		// when
		JobExecution restarted = this.jobRuns.restart(throttled.getId());

		// then
		assertThat(throttled.getExitStatus().getExitCode()).isEqualTo("FAILED");
		assertThat(throttled.getExitStatus().getExitDescription()).contains("too many token requests")
			.contains("Wait 10 minutes");
		assertThat(restarted.getExitStatus().getExitCode()).isEqualTo("FAILED");
		assertThat(restarted.getExitStatus().getExitDescription()).contains("Not asking Zoho for a new access token");
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
		assertThat(this.tokenStore.refreshThrottledUntil("test")).get()
			.satisfies(until -> assertThat(until).isCloseTo(Instant.now().plus(10, ChronoUnit.MINUTES),
					within(1, ChronoUnit.MINUTES)));
		this.fixture.zoho().verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")));
	}

	@Test
	void throttleAnswerWithHttp400IsHandledTheSameWay() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json(400, "token-error-throttled.json")));

		// when
		JobExecution throttled = this.jobRuns.run("test");

		// then
		assertThat(throttled.getExitStatus().getExitCode()).isEqualTo("FAILED");
		assertThat(throttled.getExitStatus().getExitDescription()).contains("too many token requests");
		assertThat(this.tokenStore.refreshThrottledUntil("test")).isPresent();
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void whenThrottledAStoredTokenStillValidForAFewMinutesIsUsed() throws Exception {
		// given: valid for three more minutes, inside the five-minute reuse margin
		authorized("test", Instant.now().plus(3, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-error-throttled.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		verifyEveryPage(1, STORED_ACCESS_TOKEN);
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void aSuccessfulRefreshEndsTheThrottle() throws Exception {
		// given: the window is over
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.tokenStore.saveRefreshThrottled(this.tokenStore.find("test").orElseThrow(),
				Instant.now().minus(1, ChronoUnit.SECONDS));
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.tokenStore.refreshThrottledUntil("test")).isEmpty();
	}

	@Test
	void legacyAnswerCountsSecondsFromExpiresInSec() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh-legacy.json")));

		// when
		this.jobRuns.run("test");

		// then: one hour, not a thousand
		assertThat(this.tokenStore.find("test").orElseThrow().accessTokenExpiresAt())
			.isCloseTo(Instant.now().plus(1, ChronoUnit.HOURS), within(2, ChronoUnit.MINUTES));
	}

	@Test
	void anAbsurdlyLongLifetimeIsCappedAtTwoHours() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh-absurd-lifetime.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.tokenStore.find("test").orElseThrow().accessTokenExpiresAt())
			.isCloseTo(Instant.now().plus(2, ChronoUnit.HOURS), within(2, ChronoUnit.MINUTES));
	}

	@Test
	void aLifetimeOfZeroCountsAsOneMinute() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho().stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh-zero-lifetime.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then: not an hour (a dead token kept), not zero (nothing to store)
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.tokenStore.find("test").orElseThrow().accessTokenExpiresAt())
			.isCloseTo(Instant.now().plus(1, ChronoUnit.MINUTES), within(30, ChronoUnit.SECONDS));
	}

	@Test
	void anAnswerWithoutTokenOrErrorIsTransient() throws Exception {
		// given
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl());
		this.fixture.zoho()
			.stubFor(post(TOKEN).willReturn(ZohoWireMock.json("token-refresh-without-access-token.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("FAILED");
		assertThat(execution.getExitStatus().getExitDescription()).contains("without an access token or an error")
			.contains("restart later");
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void restartOfAConnectionWhoseTokensWereDeletedIsNoRefreshToken() throws Exception {
		// given: a failed run, then the tokens were deleted (deauthorize)
		authorized("test", Instant.now().plus(1, ChronoUnit.HOURS), ZohoWireMock.baseUrl());
		stubUsersPage(3, ZohoWireMock.json(500, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");
		this.tokenStore.delete("test");

		// when
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getExitStatus().getExitCode()).isEqualTo("NO_REFRESH_TOKEN");
		assertThat(restarted.getExitStatus().getExitDescription()).contains(MissingRefreshTokenException.SENTENCE)
			.contains("Active Sessions > Connected Apps");
	}

	private void authorized(String connection, Instant accessTokenExpiry, String apiDomain) {
		this.tokenStore.saveAuthorization(new ConnectionToken(connection, "us", ZohoWireMock.baseUrl(), apiDomain,
				REFRESH_TOKEN, STORED_ACCESS_TOKEN, accessTokenExpiry, "ZohoCRM.users.READ", Instant.now(), null));
	}

	private void stubUsersPages() {
		for (int page = 1; page <= 4; page++) {
			stubUsersPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
	}

	private void stubUsersPage(int page, ResponseDefinitionBuilder response) {
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo(String.valueOf(page)))
				.willReturn(response));
	}

	// pages 1 to 4 exist
	private void verifyEveryPage(int times, String accessToken) {
		for (int page = 1; page <= 4; page++) {
			this.fixture.zoho()
				.verify(times,
						getRequestedFor(urlPathEqualTo("/crm/v8/users"))
							.withQueryParam("page", equalTo(String.valueOf(page)))
							.withHeader("Authorization", equalTo("Zoho-oauthtoken " + accessToken)));
		}
	}

}
