package io.github.zohousersbatch.auth;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A body of Zoho's token endpoint. Success and failure share HTTP 200: success is the presence of
 * {@code access_token}, failure an {@code error} (zoho-api.md, section 1.4). {@link #toString()} never
 * shows a token.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenResponse(@JsonProperty("access_token") String accessToken,
		@JsonProperty("refresh_token") String refreshToken, @JsonProperty("api_domain") String apiDomain,
		@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") Long expiresIn,
		@JsonProperty("expires_in_sec") Long expiresInSec, @JsonProperty("scope") String scope,
		@JsonProperty("error") String error, @JsonProperty("error_description") String errorDescription) {

	private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

	boolean hasAccessToken() {
		return this.accessToken != null && !this.accessToken.isBlank();
	}

	boolean hasRefreshToken() {
		return this.refreshToken != null && !this.refreshToken.isBlank();
	}

	/**
	 * Lifetime of the access token. The legacy shape carries {@code expires_in_sec} in seconds and
	 * {@code expires_in} in milliseconds; the current one only {@code expires_in} in seconds.
	 */
	Duration lifetime() {
		if (this.expiresInSec != null && this.expiresInSec > 0) {
			return Duration.ofSeconds(this.expiresInSec);
		}
		if (this.expiresIn != null && this.expiresIn > 0) {
			return Duration.ofSeconds(this.expiresIn);
		}
		return DEFAULT_LIFETIME;
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
