package io.github.zohousersbatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PKCE (RFC 7636) for one browser authorization: a random {@code code_verifier} that
 * never leaves this process until the token request, and its S256 {@code code_challenge}
 * sent with the consent request. A grant code taken from the redirect (by a program on
 * the loopback port, or from a browser's history) is worthless without the verifier. Zoho
 * documents PKCE as optional and recommended for server-based apps ("For server-based
 * apps, you can optionally use the authorization code flow with the Proof Key for Code
 * Exchange (PKCE) extension",
 * https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html) with
 * {@code code_challenge} and {@code code_challenge_method=S256} on {@code /oauth/v2/auth}
 * and {@code code_verifier} on {@code /oauth/v2/token}
 * (https://www.zoho.com/accounts/protocol/oauth/mobile-and-desktop-apps/get-authorization-code.html).
 *
 * @param verifier 32 random bytes, URL-safe base64 without padding (43 characters)
 */
record ProofKey(String verifier) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The method Zoho is told the challenge was made with. */
	static final String METHOD = "S256";

	static ProofKey random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return new ProofKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	/** BASE64URL(SHA-256(ASCII(verifier))), as RFC 7636 section 4.2 has it. */
	String challenge() {
		return challengeOf(this.verifier);
	}

	static String challengeOf(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return "ProofKey[verifier=(set)]";
	}

}
