package io.github.zohousersbatch.users;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.MissingRefreshTokenException;
import io.github.zohousersbatch.auth.TokenStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code check} against WireMock: token as a run obtains it, then
 * {@code type=CurrentUser}.
 */
@ZohoBatchTest
class ConnectionCheckFunctionalTests {

	static final String ACCESS_TOKEN = "1000.0a1b2c3d4e5f60718293a4b5c6d7e8f9.f9e8d7c6b5a4938271605f4e3d2c1b0a";

	static final String REFRESHED_TOKEN = "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	ConnectionCheck connectionCheck;

	@Autowired
	TokenStore tokenStore;

	@Test
	void reportsDataCentreApiDomainUserAndScopesWithTheStoredToken() {
		// given
		authorized(Instant.now().plus(1, ChronoUnit.HOURS));
		stubCurrentUser(ZohoWireMock.json("users-current-user.json"));

		// when
		ConnectionCheck.Report report = this.connectionCheck.check("test");

		// then
		assertThat(report.dataCenter()).isEqualTo("us");
		assertThat(report.apiDomain()).isEqualTo(ZohoWireMock.baseUrl());
		assertThat(report.scope()).isEqualTo("ZohoCRM.users.READ ZohoCRM.org.READ");
		assertThat(report.user().fullName()).isEqualTo("Patricia Boyle");
		assertThat(report.user().email()).isEqualTo("patricia.boyle@zylker.com");
		assertThat(report.user().roleName()).isEqualTo("CEO");
		assertThat(report.user().profileName()).isEqualTo("Administrator");
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("CurrentUser"))
				.withHeader("Authorization", equalTo("Zoho-oauthtoken " + ACCESS_TOKEN)));
		this.fixture.zoho().verify(0, postRequestedFor(urlPathEqualTo("/oauth/v2/token")));
	}

	@Test
	void anExpiredTokenIsRefreshedFirst() {
		// given
		authorized(Instant.now().minus(1, ChronoUnit.MINUTES));
		this.fixture.zoho().stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-refresh.json")));
		stubCurrentUser(ZohoWireMock.json("users-current-user.json"));

		// when
		ConnectionCheck.Report report = this.connectionCheck.check("test");

		// then
		assertThat(report.accessTokenExpiresAt()).isAfter(Instant.now().plus(55, ChronoUnit.MINUTES));
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo("/oauth/v2/token")));
		this.fixture.zoho()
			.verify(getRequestedFor(urlPathEqualTo("/crm/v8/users")).withHeader("Authorization",
					equalTo("Zoho-oauthtoken " + REFRESHED_TOKEN)));
	}

	@Test
	void neverAuthorizedIsNoRefreshToken() {
		assertThatThrownBy(() -> this.connectionCheck.check("test")).isInstanceOf(MissingRefreshTokenException.class)
			.hasMessageContaining(MissingRefreshTokenException.SENTENCE)
			.hasMessageContaining("Active Sessions > Connected Apps");
	}

	@Test
	void aRejectedTokenIsTokenRejected() {
		// given
		authorized(Instant.now().plus(1, ChronoUnit.HOURS));
		stubCurrentUser(ZohoWireMock.json(401, "error-invalid-token.json"));

		// when / then
		assertThatThrownBy(() -> this.connectionCheck.check("test")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("INVALID_TOKEN")
			.hasMessageNotContaining(ACCESS_TOKEN)
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.TOKEN_REJECTED);
	}

	@Test
	void aMissingScopeSaysWhichOne() {
		// given
		authorized(Instant.now().plus(1, ChronoUnit.HOURS));
		stubCurrentUser(ZohoWireMock.json(401, "error-oauth-scope-mismatch.json"));

		// when / then
		assertThatThrownBy(() -> this.connectionCheck.check("test")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("OAUTH_SCOPE_MISMATCH")
			.hasMessageContaining("ZohoCRM.users.READ")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.TOKEN_REJECTED);
	}

	@Test
	void aServerErrorIsRestartable() {
		// given
		authorized(Instant.now().plus(1, ChronoUnit.HOURS));
		stubCurrentUser(ZohoWireMock.json(500, "error-internal.json"));

		// when / then
		assertThatThrownBy(() -> this.connectionCheck.check("test")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("HTTP 500 INTERNAL_ERROR")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.FAILED);
	}

	private void stubCurrentUser(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("CurrentUser"))
				.willReturn(response));
	}

	private void authorized(Instant accessTokenExpiry) {
		this.tokenStore.saveAuthorization(new ConnectionToken("test", "us", ZohoWireMock.baseUrl(),
				ZohoWireMock.baseUrl(), "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1",
				ACCESS_TOKEN, accessTokenExpiry, "ZohoCRM.users.READ ZohoCRM.org.READ", Instant.now(), null));
	}

}
