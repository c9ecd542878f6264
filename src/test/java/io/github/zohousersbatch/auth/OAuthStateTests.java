package io.github.zohousersbatch.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthStateTests {

	@Test
	void isThirtyTwoRandomBytesInUrlSafeBase64() {
		OAuthState one = OAuthState.random();
		OAuthState two = OAuthState.random();

		assertThat(one.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(one.value()).isNotEqualTo(two.value());
	}

	@Test
	void matchesOnceOnly() {
		OAuthState state = new OAuthState("abc");

		assertThat(state.consume("abc")).isTrue();
		assertThat(state.consume("abc")).isFalse();
	}

	@Test
	void wrongOrMissingValuesDoNotMatchAndDoNotUseItUp() {
		OAuthState state = new OAuthState("abc");

		assertThat(state.consume("abd")).isFalse();
		assertThat(state.consume("ab")).isFalse();
		assertThat(state.consume("abcd")).isFalse();
		assertThat(state.consume("")).isFalse();
		assertThat(state.consume(null)).isFalse();
		assertThat(state.consume("abc")).isTrue();
	}

	@Test
	void anExpiredStateMatchesNothing() {
		OAuthState state = new OAuthState("abc");

		assertThat(state.expire()).isTrue();
		assertThat(state.consume("abc")).isFalse();
	}

	@Test
	void expiringAUsedStateTellsThatARedirectCameFirst() {
		OAuthState state = new OAuthState("abc");
		state.consume("abc");

		assertThat(state.expire()).isFalse();
	}

	@Test
	void toStringHidesTheValue() {
		assertThat(new OAuthState("secret-state")).asString().doesNotContain("secret-state");
	}

}
