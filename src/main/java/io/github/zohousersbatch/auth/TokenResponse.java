package io.github.zohousersbatch.auth;

import java.math.BigDecimal;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.zohousersbatch.PlainText;

/**
 * A body of Zoho's token endpoint. Success and failure share HTTP 200: success is the
 * presence of {@code access_token}, failure an {@code error}
 * (https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html). Lifetimes
 * are read as any JSON number, so that no value, however absurd, fails the answer.
 * {@link #toString()} never shows a token.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenResponse(@JsonProperty("access_token") String accessToken,
		@JsonProperty("refresh_token") String refreshToken, @JsonProperty("api_domain") String apiDomain,
		@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") BigDecimal expiresIn,
		@JsonProperty("expires_in_sec") BigDecimal expiresInSec, @JsonProperty("scope") String scope,
		@JsonProperty("error") String error, @JsonProperty("error_description") String errorDescription) {

	private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

	// what Zoho (or whatever answers in its place) says goes to logs, exceptions and
	// EXIT_MESSAGE: as text, never as a forged log line or a terminal's escape sequence
	TokenResponse {
		error = PlainText.of(error);
		errorDescription = PlainText.of(errorDescription);
	}

	// Zoho's access tokens live one hour; whatever an answer says, a lifetime outside
	// these bounds is not believed
	private static final Duration SHORTEST_LIFETIME = Duration.ofSeconds(60);

	private static final Duration LONGEST_LIFETIME = Duration.ofHours(2);

	boolean hasAccessToken() {
		return this.accessToken != null && !this.accessToken.isBlank();
	}

	boolean hasRefreshToken() {
		return this.refreshToken != null && !this.refreshToken.isBlank();
	}

	/**
	 * Lifetime of the access token, between 60 seconds and 2 hours: a lifetime of zero,
	 * negative or of centuries would make every run refresh, or keep a dead token, or
	 * overflow the expiry time. The legacy shape carries {@code expires_in_sec} in
	 * seconds and {@code expires_in} in milliseconds; the current one only
	 * {@code expires_in} in seconds. Without either, an hour.
	 */
	Duration lifetime() {
		BigDecimal seconds = (this.expiresInSec != null) ? this.expiresInSec : this.expiresIn;
		if (seconds == null) {
			return DEFAULT_LIFETIME;
		}
		BigDecimal clamped = seconds.max(BigDecimal.valueOf(SHORTEST_LIFETIME.toSeconds()))
			.min(BigDecimal.valueOf(LONGEST_LIFETIME.toSeconds()));
		return Duration.ofSeconds(clamped.longValue());
	}

	/** Zoho's throttle answer: too many token requests in ten minutes. */
	boolean isThrottled() {
		String text = (this.error + " " + this.errorDescription).toLowerCase(java.util.Locale.ROOT);
		return text.contains("access denied") || text.contains("too many requests");
	}

	@Override
	public String toString() {
		return "TokenResponse[accessToken=" + (hasAccessToken() ? "(set)" : "(none)") + ", refreshToken="
				+ (hasRefreshToken() ? "(set)" : "(none)") + ", apiDomain=" + this.apiDomain + ", expiresIn="
				+ this.expiresIn + ", expiresInSec=" + this.expiresInSec + ", scope=" + this.scope + ", error="
				+ this.error + "]";
	}

}
