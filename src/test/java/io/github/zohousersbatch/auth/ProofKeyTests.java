package io.github.zohousersbatch.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PKCE's S256: the challenge is the URL-safe base64 of the verifier's SHA-256. */
class ProofKeyTests {

	@Test
	void theChallengeIsTheUnpaddedUrlSafeBase64OfTheVerifiersSha256() {
		// computed apart: base64url(sha256(ascii(verifier))), padding removed
		assertThat(new ProofKey("dBjftJeZ4CVP-mJ92bRcfvTQqxK2sA6fDmQ7eOGZwgw").challenge())
			.isEqualTo("YRxxIbPEj1AH31ySFwxzjD3w6V3pEFXzIMaVa48UM_U");
	}

	@Test
	void eachAuthorizationHasItsOwnVerifierOfFortyThreeCharactersNeverShown() {
		ProofKey one = ProofKey.random();
		ProofKey other = ProofKey.random();

		assertThat(one.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(other.verifier());
		assertThat(one.challenge()).isNotEqualTo(other.challenge());
		assertThat(one.toString()).doesNotContain(one.verifier());
	}

}
