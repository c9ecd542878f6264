package io.github.zohousersbatch.auth;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TokenResponseTests {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void currentShapeCountsExpiresInInSeconds() throws Exception {
		TokenResponse response = read(
				"""
						{"access_token":"1000.a.b","expires_in":3600,"api_domain":"https://www.zohoapis.eu","token_type":"Bearer",
						 "scope":"ZohoCRM.users.READ","something_new":42}""");

		assertThat(response.lifetime()).isEqualTo(Duration.ofHours(1));
		assertThat(response.apiDomain()).isEqualTo("https://www.zohoapis.eu");
		assertThat(response.hasRefreshToken()).isFalse();
	}

	@Test
	void legacyShapeCountsExpiresInInMilliseconds() throws Exception {
		TokenResponse response = read("""
				{"access_token":"1000.a.b","expires_in_sec":3600,"expires_in":3600000,"token_type":"Bearer"}""");

		assertThat(response.lifetime()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void absurdLifetimesAreClampedBetweenAMinuteAndTwoHours() {
		for (String lifetime : new String[] { "0", "-1", "-9223372036854775808", "30" }) {
			assertThat(read("{\"access_token\":\"1000.a.b\",\"expires_in\":" + lifetime + "}").lifetime()).as(lifetime)
				.isEqualTo(Duration.ofSeconds(60));
		}
		// the legacy milliseconds without expires_in_sec, centuries, more than a long
		// holds
		for (String lifetime : new String[] { "3600000", "9223372036854775807", "1e30", "99999999999999999999999" }) {
			assertThat(read("{\"access_token\":\"1000.a.b\",\"expires_in\":" + lifetime + "}").lifetime()).as(lifetime)
				.isEqualTo(Duration.ofHours(2));
		}
		assertThat(read("{\"access_token\":\"1000.a.b\",\"expires_in_sec\":0,\"expires_in\":3600000}").lifetime())
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(read("{\"access_token\":\"1000.a.b\",\"expires_in\":1800.9}").lifetime())
			.isEqualTo(Duration.ofSeconds(1800));
		assertThat(read("{\"access_token\":\"1000.a.b\"}").lifetime()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void throttleAnswerIsRecognised() throws Exception {
		TokenResponse response = read("""
				{"error_description":"You have made too many requests continuously. Please try again after some time.",
				 "error":"Access Denied","status":"failure"}""");

		assertThat(response.isThrottled()).isTrue();
		assertThat(response.hasAccessToken()).isFalse();
	}

	@Test
	void toStringHidesTokens() throws Exception {
		TokenResponse response = read("""
				{"access_token":"1000.secretaccess.x","refresh_token":"1000.secretrefresh.y","expires_in":3600}""");

		assertThat(response.toString()).doesNotContain("secretaccess").doesNotContain("secretrefresh");
	}

	private TokenResponse read(String body) {
		return this.json.readValue(body, TokenResponse.class);
	}

}
