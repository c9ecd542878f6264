package io.github.zohousersbatch.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationCallbackTests {

	@Test
	void readsZohosRedirectWithAnEncodedAccountsServer() {
		AuthorizationCallback callback = AuthorizationCallback.parse("state=q8Zc-_x&code=1000.abbb4c9e.5ff44789"
				+ "&location=in&accounts-server=https%3A%2F%2Faccounts.zoho.in");

		assertThat(callback.code()).isEqualTo("1000.abbb4c9e.5ff44789");
		assertThat(callback.state()).isEqualTo("q8Zc-_x");
		assertThat(callback.location()).isEqualTo("in");
		assertThat(callback.accountsServer()).isEqualTo("https://accounts.zoho.in");
		assertThat(callback.error()).isNull();
		assertThat(callback.repeated()).isFalse();
		assertThat(callback.isAnswer()).isTrue();
	}

	@Test
	void readsTheUnencodedFormToo() {
		assertThat(AuthorizationCallback.parse("code=c&accounts-server=https://accounts.zoho.com").accountsServer())
			.isEqualTo("https://accounts.zoho.com");
	}

	@Test
	void aRepeatedParameterIsNoted() {
		assertThat(AuthorizationCallback.parse("state=a&code=c&accounts-server=x&accounts-server=y").repeated())
			.isTrue();
	}

	@Test
	void aBareVisitIsNoAnswer() {
		assertThat(AuthorizationCallback.parse(null).isAnswer()).isFalse();
		assertThat(AuthorizationCallback.parse("utm=1").isAnswer()).isFalse();
	}

	@Test
	void theErrorIsMadeSafeToShow() {
		AuthorizationCallback callback = AuthorizationCallback.parse("error=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

		assertThat(callback.safeError()).doesNotContain("<").doesNotContain(">");
	}

	@Test
	void toStringHidesTheCodeAndTheState() {
		AuthorizationCallback callback = AuthorizationCallback.parse("state=the-state&code=1000.the-code");

		assertThat(callback).asString().doesNotContain("the-code").doesNotContain("the-state");
	}

}
