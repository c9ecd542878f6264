package io.github.zohousersbatch.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code deauthorize} against WireMock: revoke at the accounts server that issued the
 * token, then forget it.
 */
@ZohoBatchTest
class DeauthorizationFunctionalTests {

	static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	static final String REVOKE = "/oauth/v2/token/revoke";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	Deauthorization deauthorization;

	@Autowired
	TokenStore tokenStore;

	@Test
	void revokesAtTheIssuingAccountsServerWithTheTokenInTheBodyThenForgets() {
		// given
		authorized("test");
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(ZohoWireMock.json("revoke-success.json")));

		// when
		Deauthorization.Result result = this.deauthorization.deauthorize("test");

		// then
		assertThat(result).isEqualTo(Deauthorization.Result.REVOKED);
		this.fixture.zoho()
			.verify(1,
					postRequestedFor(urlPathEqualTo(REVOKE))
						.withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
						.withFormParam("token", equalTo(REFRESH_TOKEN))
						.withQueryParam("token", absent()));
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void aTokenZohoNoLongerKnowsIsForgottenToo() {
		// given
		authorized("test");
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(ZohoWireMock.json(400, "revoke-invalid-token.json")));

		// when
		Deauthorization.Result result = this.deauthorization.deauthorize("test");

		// then
		assertThat(result).isEqualTo(Deauthorization.Result.ALREADY_INVALID);
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void unreachableZohoKeepsTheTokensForAnotherTry() {
		// given
		authorized("test");
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		// when / then
		assertThatThrownBy(() -> this.deauthorization.deauthorize("test")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("The stored tokens were kept")
			.hasMessageNotContaining(REFRESH_TOKEN)
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.FAILED);
		assertThat(this.tokenStore.find("test")).isPresent();
	}

	@Test
	void aServerErrorKeepsTheTokensToo() {
		// given
		authorized("test");
		this.fixture.zoho().stubFor(post(REVOKE).willReturn(ZohoWireMock.json(500, "error-internal.json")));

		// when / then
		assertThatThrownBy(() -> this.deauthorization.deauthorize("test")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("HTTP 500");
		assertThat(this.tokenStore.find("test")).isPresent();
	}

	@Test
	void withoutStoredTokensThereIsNothingToDo() {
		assertThat(this.deauthorization.deauthorize("test")).isEqualTo(Deauthorization.Result.NOT_AUTHORIZED);
		this.fixture.zoho().verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void forgettingDoesNotAskZoho() {
		// given
		authorized("test");

		// when
		Deauthorization.Result result = this.deauthorization.forget("test");

		// then
		assertThat(result).isEqualTo(Deauthorization.Result.FORGOTTEN);
		assertThat(this.tokenStore.find("test")).isEmpty();
		this.fixture.zoho().verify(0, anyRequestedFor(anyUrl()));
	}

	private void authorized(String connection) {
		this.tokenStore.saveAuthorization(new ConnectionToken(connection, "eu", ZohoWireMock.baseUrl(),
				ZohoWireMock.baseUrl(), REFRESH_TOKEN, "1000.access.token", Instant.now().plus(1, ChronoUnit.HOURS),
				"ZohoCRM.users.READ", Instant.now(), null));
	}

}
