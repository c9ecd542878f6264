package io.github.zohousersbatch.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.DatabaseDump;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens are encrypted at rest: a dump of the database holds none of them in clear.
 */
@ZohoBatchTest
class TokensAtRestTests {

	static final String GRANT_CODE = "1000.c0de5c0de5c0de5c0de5c0de5c0de5c0.de5c0de5c0de5c0de5c0de5c0de5c0de";

	static final String ACCESS_TOKEN = "1000.2370ff00bbc0cd4cab7b5fe2a4a2cba1.9b3b6e5a52d6d0b0d1a4a3f5d8c2e7f1";

	static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	static final String REFRESHED_TOKEN = "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	Authorization authorization;

	@Autowired
	AccessTokens accessTokens;

	@Autowired
	TokenStore tokenStore;

	@Test
	void aDumpOfTheDatabaseHoldsNoTokenInClear() {
		// given: an authorization and a refresh have stored tokens
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		this.authorization.authorizeWithCode("test", GRANT_CODE);
		this.tokenStore.saveAccessToken(this.tokenStore.find("test").orElseThrow(), ACCESS_TOKEN,
				Instant.now().minus(1, ChronoUnit.MINUTES), ZohoWireMock.baseUrl(), Instant.now());
		this.fixture.zoho().stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-refresh.json")));
		assertThat(this.accessTokens.current("test").accessToken()).isEqualTo(REFRESHED_TOKEN);

		// when
		DatabaseDump.Dump dump = DatabaseDump.of(this.fixture.jdbc());

		// then
		System.out.println("Database dump made with: " + dump.method());
		assertThat(dump.text()).as(dump.method())
			.contains("zoho_connection_token")
			.contains("v2:")
			.doesNotContain(REFRESH_TOKEN)
			.doesNotContain(REFRESHED_TOKEN)
			.doesNotContain(ACCESS_TOKEN)
			.doesNotContain(GRANT_CODE)
			.doesNotContain(ZohoBatchTest.CLIENT_SECRET)
			.doesNotContain("86a03ca5dbfccb7445b1889b8215efb0");
		assertThat(this.tokenStore.find("test").orElseThrow().refreshToken()).isEqualTo(REFRESH_TOKEN);
	}

}
