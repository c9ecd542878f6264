package io.github.zohousersbatch.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
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

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whoever can write {@code zoho_connection_token} must not be able to have the client
 * secret or a token sent to a server of their choice: the stored accounts server and API
 * domain are checked at every use, and bound into the encryption of the tokens. Zoho
 * (WireMock) would answer everything here; nothing may reach it or the foreign server.
 */
@ZohoBatchTest
class TamperedTokenRowFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	ConnectionCheck connectionCheck;

	@Autowired
	Deauthorization deauthorization;

	@Autowired
	TokenStore tokenStore;

	final ForeignServer foreign = new ForeignServer();

	@BeforeEach
	void zohoAnswersEverything() {
		this.fixture.zoho().stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-refresh.json")));
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token/revoke").willReturn(ZohoWireMock.json("revoke-success.json")));
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("CurrentUser"))
				.willReturn(ZohoWireMock.json("users-current-user.json")));
		for (int page = 1; page <= 4; page++) {
			this.fixture.stubPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
		this.fixture.zoho().stubFor(get(urlPathEqualTo("/crm/v8/org")).willReturn(ZohoWireMock.json("org.json")));
	}

	@AfterEach
	void stopForeignServer() {
		this.foreign.close();
	}

	@Test
	void anAccountsServerChangedToAnotherServerReceivesNothingFromRunCheckOrDeauthorize() throws Exception {
		// given: the access token has expired, so a run and a check would refresh at the
		// stored accounts server
		authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES));
		tamper("accounts_server", this.foreign.url());
		String refusal = "The accounts server '" + this.foreign.url() + "' stored for connection 'test' is neither";

		// when
		JobExecution run = this.fixture.run("test");

		// then
		assertThat(run.getExitStatus().getExitCode()).isEqualTo("CONFIGURATION");
		assertThat(run.getExitStatus().getExitDescription()).contains(refusal)
			.contains("nothing was sent to it")
			.contains("deauthorize --connection test --local-only");
		assertRefused(() -> this.connectionCheck.check("test"), refusal);
		assertRefused(() -> this.deauthorization.deauthorize("test"), refusal);
		assertNothingSent();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_connection_token").query(Long.class).single())
			.isOne();
	}

	@Test
	void anApiDomainChangedToAnotherServerReceivesNoAccessToken() throws Exception {
		// given: the stored access token is valid, so a run and a check would call the
		// API domain at once
		authorized("test", Instant.now().plus(1, ChronoUnit.HOURS));
		tamper("api_domain", this.foreign.url());
		String refusal = "The API domain '" + this.foreign.url() + "' stored for connection 'test' is neither";

		// when
		JobExecution run = this.fixture.run("test");

		// then
		assertThat(run.getExitStatus().getExitCode()).isEqualTo("CONFIGURATION");
		assertThat(run.getExitStatus().getExitDescription()).contains(refusal);
		assertRefused(() -> this.connectionCheck.check("test"), refusal);
		assertRefused(() -> this.deauthorization.deauthorize("test"), refusal);
		assertNothingSent();
	}

	@Test
	void aServerTrustedOnlyForAnotherConnectionIsRefused() throws Exception {
		// given: connection eu is configured for Zoho's EU data centre; WireMock is the
		// accounts-url of 'test' only
		authorized("eu", Instant.now().minus(1, ChronoUnit.MINUTES));

		// when
		JobExecution run = this.fixture.run("eu");

		// then
		assertThat(run.getExitStatus().getExitCode()).isEqualTo("CONFIGURATION");
		assertThat(run.getExitStatus().getExitDescription())
			.contains("The accounts server '" + ZohoWireMock.baseUrl() + "' stored for connection 'eu' is neither")
			.contains("set zoho.connections.eu.accounts-url to it");
		assertNothingSent();
	}

	@Test
	void aChangeToAnotherTrustedSpellingStillFailsToDecrypt() throws Exception {
		// given: the same server, spelled otherwise: the allow-list accepts it, the
		// encryption's binding does not
		authorized("test", Instant.now().plus(1, ChronoUnit.HOURS));
		tamper("api_domain", ZohoWireMock.baseUrl().toUpperCase(java.util.Locale.ROOT).replace("HTTP:", "http:"));

		// when
		JobExecution run = this.fixture.run("test");

		// then
		assertThat(run.getExitStatus().getExitCode()).isEqualTo("CONFIGURATION");
		assertThat(run.getExitStatus().getExitDescription())
			.contains("The stored tokens of connection 'test' cannot be decrypted")
			.contains("accounts_server or api_domain were changed since they were stored")
			.contains("nothing was sent to Zoho");
		assertNothingSent();
	}

	@Test
	void tokensOfTheFirstFormatAreReadAndBoundAtTheNextSave() throws Exception {
		// given: a row as the previous release stored it, its access token expired
		this.fixture.jdbc()
			.sql("""
					insert into zoho_connection_token (connection_name, data_center, accounts_server, api_domain,
					    refresh_token, access_token, access_token_expires_at, scope, authorized_at)
					values ('test', 'us', ?, ?, ?, ?, ?, 'ZohoCRM.users.READ', now())
					""")
			.params(ZohoWireMock.baseUrl(), ZohoWireMock.baseUrl(),
					ZohoFixture.legacyEncrypt(ZohoFixture.REFRESH_TOKEN, "test"),
					ZohoFixture.legacyEncrypt(ZohoFixture.ACCESS_TOKEN, "test"),
					Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES)))
			.update();

		// when
		JobExecution first = this.fixture.run("test");
		JobExecution second = this.fixture.run("test");

		// then: refreshed once with the legacy refresh token, stored again bound to the
		// row's servers
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v2/token")).withFormParam("refresh_token",
					equalTo(ZohoFixture.REFRESH_TOKEN)));
		assertThat(this.fixture.jdbc()
			.sql("select refresh_token || ' ' || access_token from zoho_connection_token")
			.query(String.class)
			.single()).matches("v2:\\S+ v2:\\S+");
		assertThat(this.tokenStore.find("test").orElseThrow().refreshToken()).isEqualTo(ZohoFixture.REFRESH_TOKEN);
	}

	private void authorized(String connection, Instant accessTokenExpiry) {
		this.tokenStore.saveAuthorization(new ConnectionToken(connection, "us", ZohoWireMock.baseUrl(),
				ZohoWireMock.baseUrl(), ZohoFixture.REFRESH_TOKEN, ZohoFixture.ACCESS_TOKEN, accessTokenExpiry,
				"ZohoCRM.users.READ", Instant.now(), null));
	}

	private void tamper(String column, String value) {
		this.fixture.jdbc()
			.sql("update zoho_connection_token set " + column + " = ? where connection_name = 'test'")
			.param(value)
			.update();
	}

	private static void assertRefused(Runnable command, String message) {
		assertThatThrownBy(command::run).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining(message)
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
	}

	private void assertNothingSent() {
		assertThat(this.foreign.requests()).isZero();
		this.fixture.zoho().verify(0, anyRequestedFor(anyUrl()));
	}

}
