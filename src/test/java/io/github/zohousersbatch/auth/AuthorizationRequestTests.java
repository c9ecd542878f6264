package io.github.zohousersbatch.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationRequestTests {

	@Test
	void consentAddressAsksForOfflineAccessWithFreshConsentAndEncodesTheRedirectUri() {
		AuthorizationRequest request = new AuthorizationRequest("https://accounts.zoho.eu",
				"1000.GMB0YULZHJK411248S8I5GZ4CHUEX0", "ZohoCRM.users.READ,ZohoCRM.org.READ",
				"http://localhost:8765/oauth/callback", "q8Zc-_x", "YRxxIbPEj1AH31ySFwxzjD3w6V3pEFXzIMaVa48UM_U");

		assertThat(request.uri()).hasToString("https://accounts.zoho.eu/oauth/v2/auth?response_type=code"
				+ "&client_id=1000.GMB0YULZHJK411248S8I5GZ4CHUEX0&scope=ZohoCRM.users.READ,ZohoCRM.org.READ"
				+ "&access_type=offline&prompt=consent&redirect_uri=http%3A%2F%2Flocalhost%3A8765%2Foauth%2Fcallback"
				+ "&state=q8Zc-_x&code_challenge=YRxxIbPEj1AH31ySFwxzjD3w6V3pEFXzIMaVa48UM_U&code_challenge_method=S256");
	}

	@Test
	void scopeWithSpacesAfterCommasStaysOneParameter() {
		AuthorizationRequest request = new AuthorizationRequest("https://accounts.zoho.com", "1000.ID",
				"ZohoCRM.users.READ, ZohoCRM.org.READ", "http://127.0.0.1:9000/cb?x=1&y=2", "s", "c");

		assertThat(request.uri().getRawQuery()).contains("&scope=ZohoCRM.users.READ,ZohoCRM.org.READ&")
			.contains("&redirect_uri=http%3A%2F%2F127.0.0.1%3A9000%2Fcb%3Fx%3D1%26y%3D2&");
	}

}
