package io.github.zohousersbatch.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.users.ConnectionCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running job, {@code check} and {@code deauthorize} against a new authorization stored
 * while they wait for Zoho: the WireMock gate holds Zoho's answer until the new
 * authorization is stored, so each race is run in the order that used to lose the new
 * tokens. The newest authorization must survive, and be what the job goes on with.
 */
@ZohoBatchTest
class ConcurrentAuthorizationFunctionalTests {

	static final String OLD_REFRESH_TOKEN = "1000.0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0.0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0";

	static final String OLD_ACCESS_TOKEN = "1000.0ldacce550ldacce550ldacce550ld.acce550ldacce550ldacce550ldacce5";

	@Autowired
	ZohoFixture fixture;

	// what the code exchange (token-authorization-code.json) brings
	static final String NEW_REFRESH_TOKEN = ZohoFixture.REFRESH_TOKEN;

	static final String NEW_ACCESS_TOKEN = "1000.2370ff00bbc0cd4cab7b5fe2a4a2cba1.9b3b6e5a52d6d0b0d1a4a3f5d8c2e7f1";

	// what a refresh (token-refresh.json) brings: derived from the old refresh token,
	// which the new authorization revokes
	static final String REFRESHED_ACCESS_TOKEN = "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

	static final String TOKEN = "/oauth/v2/token";

	static final String REVOKE = "/oauth/v2/token/revoke";

	@Autowired
	ConnectionCheck connectionCheck;

	@Autowired
	Authorization authorization;

	@Autowired
	Deauthorization deauthorization;

	@Autowired
	TokenStore tokenStore;

	final ZohoWireMock.Gate gate = ZohoWireMock.gate();

	final ExecutorService executor = Executors.newSingleThreadExecutor();

	@BeforeEach
	void zoho() {
		this.fixture.zoho()
			.stubFor(post(TOKEN).withRequestBody(containing("grant_type=authorization_code"))
				.willReturn(ZohoWireMock.json("token-authorization-code.json")));
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(ZohoWireMock.json("revoke-success.json")));
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("CurrentUser"))
				.willReturn(ZohoWireMock.json("users-current-user.json")));
		for (int page = 1; page <= 4; page++) {
			this.fixture.stubPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
		this.fixture.zoho().stubFor(get(urlPathEqualTo("/crm/v8/org")).willReturn(ZohoWireMock.json("org.json")));
	}

	@AfterEach
	void openTheGate() {
		this.gate.open();
		this.executor.shutdownNow();
	}

	@Test
	void aRunWhoseRefreshCrossesANewAuthorizationGoesOnWithTheNewTokens() throws Exception {
		// given: a run refreshing with the old refresh token, Zoho's answer held
		oldAuthorization(Instant.now().minus(1, ChronoUnit.MINUTES));
		heldAnswer("token-refresh.json");
		CompletableFuture<JobExecution> run = inBackground(() -> this.fixture.run("test"));
		awaitHeldRequest();

		// when: an operator authorizes again (which revokes the old refresh token), then
		// Zoho answers the refresh
		this.authorization.authorizeWithCode("test", "1000.c0de");
		this.gate.open();

		// then
		assertThat(run.get(1, TimeUnit.MINUTES).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertStoredAreTheNewTokens();
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withHeader("Authorization",
					equalTo("Zoho-oauthtoken " + REFRESHED_ACCESS_TOKEN)));
		this.fixture.zoho()
			.verify(getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1"))
				.withHeader("Authorization", equalTo("Zoho-oauthtoken " + NEW_ACCESS_TOKEN)));
		this.fixture.zoho()
			.verify(1, postRequestedFor(urlPathEqualTo(REVOKE)).withFormParam("token", equalTo(OLD_REFRESH_TOKEN)));
	}

	@Test
	void aCheckWhoseRefreshCrossesANewAuthorizationKeepsTheNewTokens() throws Exception {
		// given
		oldAuthorization(Instant.now().minus(1, ChronoUnit.MINUTES));
		heldAnswer("token-refresh.json");
		CompletableFuture<ConnectionCheck.Report> check = inBackground(() -> this.connectionCheck.check("test"));
		awaitHeldRequest();

		// when
		this.authorization.authorizeWithCode("test", "1000.c0de");
		this.gate.open();

		// then
		assertThat(check.get(1, TimeUnit.MINUTES).user().email()).isNotBlank();
		assertStoredAreTheNewTokens();
		this.fixture.zoho()
			.verify(getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("CurrentUser"))
				.withHeader("Authorization", equalTo("Zoho-oauthtoken " + NEW_ACCESS_TOKEN)));
	}

	@Test
	void aThrottleMetWithTheOldRefreshTokenIsNotStoredOnTheNewAuthorization() throws Exception {
		// given: Zoho throttles the old refresh token, its answer held
		oldAuthorization(Instant.now().minus(1, ChronoUnit.MINUTES));
		heldAnswer("token-error-throttled.json");
		CompletableFuture<JobExecution> run = inBackground(() -> this.fixture.run("test"));
		awaitHeldRequest();

		// when
		this.authorization.authorizeWithCode("test", "1000.c0de");
		this.gate.open();

		// then: the new authorization is not throttled, and the run used its access token
		assertThat(run.get(1, TimeUnit.MINUTES).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.tokenStore.refreshThrottledUntil("test")).isEmpty();
		assertStoredAreTheNewTokens();
	}

	@Test
	void deauthorizeKeepsAnAuthorizationStoredWhileItRevoked() throws Exception {
		// given: deauthorize revoking the old refresh token, Zoho's answer held
		oldAuthorization(Instant.now().plus(1, ChronoUnit.HOURS));
		this.gate.close();
		this.fixture.zoho()
			.stubFor(post(REVOKE)
				.willReturn(ZohoWireMock.json("revoke-success.json").withTransformers(ZohoWireMock.Gate.NAME)));
		CompletableFuture<Deauthorization.Result> deauthorized = inBackground(
				() -> this.deauthorization.deauthorize("test"));
		awaitHeldRequest();

		// when: a new authorization is stored meanwhile
		this.tokenStore.saveAuthorization(new ConnectionToken("test", "us", ZohoWireMock.baseUrl(),
				ZohoWireMock.baseUrl(), NEW_REFRESH_TOKEN, NEW_ACCESS_TOKEN, Instant.now().plus(1, ChronoUnit.HOURS),
				"ZohoCRM.users.READ", Instant.now(), Instant.now()));
		this.gate.open();

		// then
		assertThat(deauthorized.get(1, TimeUnit.MINUTES)).isEqualTo(Deauthorization.Result.AUTHORIZED_AGAIN);
		assertStoredAreTheNewTokens();
	}

	@Test
	void deauthorizeStillForgetsTokensThatARunRefreshedWhileItRevoked() throws Exception {
		// given
		oldAuthorization(Instant.now().minus(1, ChronoUnit.MINUTES));
		this.gate.close();
		this.fixture.zoho()
			.stubFor(post(REVOKE)
				.willReturn(ZohoWireMock.json("revoke-success.json").withTransformers(ZohoWireMock.Gate.NAME)));
		CompletableFuture<Deauthorization.Result> deauthorized = inBackground(
				() -> this.deauthorization.deauthorize("test"));
		awaitHeldRequest();

		// when: a run stores a refreshed access token meanwhile (same refresh token,
		// newer row)
		assertThat(this.tokenStore.saveAccessToken(this.tokenStore.find("test").orElseThrow(), REFRESHED_ACCESS_TOKEN,
				Instant.now().plus(1, ChronoUnit.HOURS), ZohoWireMock.baseUrl(), Instant.now()))
			.isTrue();
		this.gate.open();

		// then: what was revoked is gone
		assertThat(deauthorized.get(1, TimeUnit.MINUTES)).isEqualTo(Deauthorization.Result.REVOKED);
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void aStoreBuiltOnAnOlderReadChangesNothing() {
		// given: read, then a new authorization
		oldAuthorization(Instant.now().minus(1, ChronoUnit.MINUTES));
		ConnectionToken read = this.tokenStore.find("test").orElseThrow();
		this.authorization.authorizeWithCode("test", "1000.c0de");

		// when
		boolean accessTokenSaved = this.tokenStore.saveAccessToken(read, REFRESHED_ACCESS_TOKEN,
				Instant.now().plus(1, ChronoUnit.HOURS), ZohoWireMock.baseUrl(), Instant.now());
		boolean throttleSaved = this.tokenStore.saveRefreshThrottled(read, Instant.now().plus(10, ChronoUnit.MINUTES));
		boolean deleted = this.tokenStore.deleteIfUnchanged(read);

		// then
		assertThat(accessTokenSaved).isFalse();
		assertThat(throttleSaved).isFalse();
		assertThat(deleted).isFalse();
		assertStoredAreTheNewTokens();
		assertThat(this.tokenStore.refreshThrottledUntil("test")).isEmpty();
	}

	private void oldAuthorization(Instant accessTokenExpiry) {
		this.tokenStore
			.saveAuthorization(new ConnectionToken("test", "us", ZohoWireMock.baseUrl(), ZohoWireMock.baseUrl(),
					OLD_REFRESH_TOKEN, OLD_ACCESS_TOKEN, accessTokenExpiry, "ZohoCRM.users.READ", Instant.now(), null));
	}

	private void heldAnswer(String refreshFixture) {
		this.gate.close();
		this.fixture.zoho()
			.stubFor(post(TOKEN).withRequestBody(containing("grant_type=refresh_token"))
				.willReturn(ZohoWireMock.json(refreshFixture).withTransformers(ZohoWireMock.Gate.NAME)));
	}

	private void awaitHeldRequest() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.gate.waiting() == 1);
	}

	private <T> CompletableFuture<T> inBackground(Callable<T> work) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return work.call();
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		}, this.executor);
	}

	private void assertStoredAreTheNewTokens() {
		assertThat(this.tokenStore.find("test")).get()
			.satisfies(token -> assertThat(token.refreshToken()).isEqualTo(NEW_REFRESH_TOKEN))
			.satisfies(token -> assertThat(token.accessToken()).isEqualTo(NEW_ACCESS_TOKEN));
	}

}
