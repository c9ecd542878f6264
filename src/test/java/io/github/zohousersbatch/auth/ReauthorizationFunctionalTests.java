package io.github.zohousersbatch.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorizing a connection again revokes the refresh token it replaces, at the accounts
 * server that issued it: Zoho keeps 20 refresh tokens per user and evicts the oldest. A
 * revocation that fails leaves the new tokens stored.
 */
@ZohoBatchTest
class ReauthorizationFunctionalTests {

	static final String OLD_REFRESH_TOKEN = ConcurrentAuthorizationFunctionalTests.OLD_REFRESH_TOKEN;

	static final String REVOKE = "/oauth/v2/token/revoke";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	Authorization authorization;

	@Autowired
	TokenStore tokenStore;

	@BeforeEach
	void zoho() {
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").withRequestBody(containing("grant_type=authorization_code"))
				.willReturn(ZohoWireMock.json("token-authorization-code.json")));
	}

	@Test
	void theReplacedRefreshTokenIsRevokedWhereItWasIssued() {
		// given
		authorized(OLD_REFRESH_TOKEN);
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(ZohoWireMock.json("revoke-success.json")));

		// when
		this.authorization.authorizeWithCode("test", "1000.c0de");

		// then
		this.fixture.zoho()
			.verify(1, postRequestedFor(urlPathEqualTo(REVOKE)).withFormParam("token", equalTo(OLD_REFRESH_TOKEN)));
		assertThat(this.tokenStore.find("test").orElseThrow().refreshToken()).isEqualTo(ZohoFixture.REFRESH_TOKEN);
	}

	@Test
	void aFailedRevocationIsAWarningAndTheNewTokensStayStored() {
		// given
		authorized(OLD_REFRESH_TOKEN);
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		// when
		ConnectionToken stored = this.authorization.authorizeWithCode("test", "1000.c0de");

		// then
		assertThat(stored.refreshToken()).isEqualTo(ZohoFixture.REFRESH_TOKEN);
		assertThat(this.tokenStore.find("test").orElseThrow().refreshToken()).isEqualTo(ZohoFixture.REFRESH_TOKEN);
		// a connection reset is transient: retried as every Zoho request, within the
		// attempts per request
		this.fixture.zoho().verify(5, postRequestedFor(urlPathEqualTo(REVOKE)));
	}

	@Test
	void theSameRefreshTokenAgainIsNotRevoked() {
		// given: Zoho answered with the refresh token already stored (revoking it would
		// end the new authorization)
		authorized(ZohoFixture.REFRESH_TOKEN);

		// when
		this.authorization.authorizeWithCode("test", "1000.c0de");

		// then
		this.fixture.zoho().verify(0, postRequestedFor(urlPathEqualTo(REVOKE)));
		assertThat(this.tokenStore.find("test").orElseThrow().refreshToken()).isEqualTo(ZohoFixture.REFRESH_TOKEN);
	}

	@Test
	void aReplacedRowPointingElsewhereIsNotSentItsRefreshToken() {
		// given: the stored row was changed to name a foreign accounts server
		try (ForeignServer foreign = new ForeignServer()) {
			authorized(OLD_REFRESH_TOKEN);
			this.fixture.jdbc()
				.sql("update zoho_connection_token set accounts_server = ?")
				.param(foreign.url())
				.update();

			// when
			this.authorization.authorizeWithCode("test", "1000.c0de");

			// then: authorizing again is the remedy, and nothing goes to the foreign
			// server
			assertThat(foreign.requests()).isZero();
			this.fixture.zoho().verify(0, postRequestedFor(urlPathEqualTo(REVOKE)));
			assertThat(this.tokenStore.find("test").orElseThrow().accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
		}
	}

	private void authorized(String refreshToken) {
		this.tokenStore.saveAuthorization(new ConnectionToken("test", "us", ZohoWireMock.baseUrl(),
				ZohoWireMock.baseUrl(), refreshToken, ZohoFixture.ACCESS_TOKEN, Instant.now().plus(1, ChronoUnit.HOURS),
				"ZohoCRM.users.READ", Instant.now(), null));
	}

}
