package io.github.zohousersbatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code state} of one browser authorization: 32 random bytes, URL-safe base64. It
 * proves that a redirect answers the request this process made (not a stale tab or
 * another program), is compared in constant time, and works once.
 */
final class OAuthState {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String value;

	private final AtomicBoolean spent = new AtomicBoolean();

	OAuthState(String value) {
		this.value = value;
	}

	static OAuthState random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return new OAuthState(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	String value() {
		return this.value;
	}

	/**
	 * Whether {@code candidate} is this state and was not used before; a match uses it
	 * up.
	 */
	boolean consume(String candidate) {
		if (candidate == null) {
			return false;
		}
		boolean matches = MessageDigest.isEqual(this.value.getBytes(StandardCharsets.US_ASCII),
				candidate.getBytes(StandardCharsets.US_ASCII));
		return matches && this.spent.compareAndSet(false, true);
	}

	/** Makes the state unusable; true when no redirect had used it yet. */
	boolean expire() {
		return this.spent.compareAndSet(false, true);
	}

	@Override
	public String toString() {
		return "OAuthState[" + (this.spent.get() ? "spent" : "waiting") + "]";
	}

}
