package io.github.zohousersbatch.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's accounts server: one client, single-use grant codes, refresh tokens and
 * access tokens, answering like Zoho's {@code /oauth/v2/token}: HTTP 200 with
 * {@code {"error": ...}} on failure, and the throttle answer after 10 refreshes of one
 * refresh token in 10 minutes (Zoho Accounts: "Get access token", "Refresh access token";
 * Zoho CRM: "Token Validity").
 */
final class SandboxAccounts {

	static final String CLIENT_ID = "1000.SANDBOXCLIENTID0000000000000000";

	static final String CLIENT_SECRET = "sandbox-client-secret-not-a-real-secret";

	private static final Duration THROTTLE_WINDOW = Duration.ofMinutes(10);

	private static final int THROTTLE_LIMIT = 10;

	private final SecureRandom random = new SecureRandom();

	// grant code -> whether it was requested with access_type=offline (only those bring a
	// refresh token) and its PKCE challenge
	private final Map<String, Grant> grantCodes = new ConcurrentHashMap<>();

	private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();

	// access token -> the refresh token it came from ("" for none), so that a revocation
	// revokes both
	private final Map<String, String> accessTokens = new ConcurrentHashMap<>();

	private final Map<String, Deque<Instant>> refreshes = new ConcurrentHashMap<>();

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final Clock clock;

	private final String scope;

	SandboxAccounts(Clock clock, String scope) {
		this.clock = clock;
		this.scope = scope;
	}

	String issueGrantCode() {
		return issueGrantCode(true, null);
	}

	String issueGrantCode(boolean offline, Challenge challenge) {
		String code = token();
		this.grantCodes.put(code, new Grant(offline, challenge));
		return code;
	}

	boolean isValidClientId(String clientId) {
		return CLIENT_ID.equals(clientId);
	}

	boolean isValidAccessToken(String accessToken) {
		return accessToken != null && this.accessTokens.containsKey(accessToken);
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	/**
	 * Revokes a refresh token and its access tokens; false when it was not a live refresh
	 * token.
	 */
	boolean revoke(String refreshToken) {
		if (refreshToken == null || !this.refreshTokens.remove(refreshToken)) {
			return false;
		}
		this.accessTokens.values().removeIf(refreshToken::equals);
		return true;
	}

	/** The body of a token endpoint answer for this form. */
	Map<String, Object> token(Map<String, String> form, String apiDomain) {
		this.tokenRequests.incrementAndGet();
		if (!CLIENT_ID.equals(form.get("client_id"))) {
			return Map.of("error", "invalid_client");
		}
		if (!CLIENT_SECRET.equals(form.get("client_secret"))) {
			return Map.of("error", "invalid_client_secret");
		}
		return switch (String.valueOf(form.get("grant_type"))) {
			case "authorization_code" -> exchange(form.get("code"), form.get("code_verifier"), apiDomain);
			case "refresh_token" -> refresh(form.get("refresh_token"), apiDomain);
			default -> Map.of("error", "unsupported_grant_type");
		};
	}

	private Map<String, Object> exchange(String code, String verifier, String apiDomain) {
		Grant grant = (code != null) ? this.grantCodes.remove(code) : null;
		// Zoho's documents do not say how it refuses a wrong verifier: the sandbox
		// refuses
		// the code as it refuses a spent one
		if (grant == null || (grant.challenge() != null && !grant.challenge().verifiedBy(verifier))) {
			return Map.of("error", "invalid_code");
		}
		if (!grant.offline()) {
			return accessTokenBody(apiDomain, "");
		}
		String refreshToken = token();
		this.refreshTokens.add(refreshToken);
		Map<String, Object> body = accessTokenBody(apiDomain, refreshToken);
		body.put("refresh_token", refreshToken);
		return body;
	}

	private Map<String, Object> refresh(String refreshToken, String apiDomain) {
		if (refreshToken == null || !this.refreshTokens.contains(refreshToken)) {
			return Map.of("error", "invalid_code");
		}
		if (throttled(refreshToken)) {
			return Map.of("error_description",
					"You have made too many requests continuously. Please try again after some time.", "error",
					"Access Denied", "status", "failure");
		}
		return accessTokenBody(apiDomain, refreshToken);
	}

	private record Grant(boolean offline, Challenge challenge) {
	}

	/**
	 * The PKCE challenge of a consent request (RFC 7636; Zoho Accounts, "Get
	 * authorization code" of mobile and desktop apps: {@code code_challenge_method} S256
	 * or plain, plain by default).
	 */
	record Challenge(String value, boolean s256) {

		/** The challenge of the request, or null when it carries none. */
		static Challenge of(String value, String method) {
			return (value == null || value.isEmpty()) ? null : new Challenge(value, "S256".equals(method));
		}

		boolean verifiedBy(String verifier) {
			if (verifier == null) {
				return false;
			}
			String expected = this.s256 ? sha256(verifier) : verifier;
			return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					this.value.getBytes(StandardCharsets.US_ASCII));
		}

		private static String sha256(String verifier) {
			try {
				return Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(
							MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private synchronized boolean throttled(String refreshToken) {
		Instant now = this.clock.instant();
		Deque<Instant> recent = this.refreshes.computeIfAbsent(refreshToken, key -> new ArrayDeque<>());
		while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(THROTTLE_WINDOW))) {
			recent.pollFirst();
		}
		if (recent.size() >= THROTTLE_LIMIT) {
			return true;
		}
		recent.addLast(now);
		return false;
	}

	private Map<String, Object> accessTokenBody(String apiDomain, String refreshToken) {
		String accessToken = token();
		this.accessTokens.put(accessToken, refreshToken);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", accessToken);
		body.put("scope", this.scope.replace(',', ' '));
		body.put("api_domain", apiDomain);
		body.put("token_type", "Bearer");
		body.put("expires_in", 3600);
		return body;
	}

	// 1000.<32 hex>.<32 hex>, the shape of Zoho's tokens
	private String token() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String hex = HexFormat.of().formatHex(bytes);
		return "1000." + hex.substring(0, 32) + "." + hex.substring(32);
	}

}
