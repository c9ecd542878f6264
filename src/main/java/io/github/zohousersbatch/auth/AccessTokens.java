package io.github.zohousersbatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Hands out a valid access token per connection. A stored token is reused while it stays valid beyond the
 * reuse margin, because Zoho allows only 10 refreshes per 10 minutes; otherwise it is refreshed at the
 * accounts server that issued it and stored again. When Zoho throttles refreshes, the time is stored and no
 * refresh is tried within the ten-minute window, across runs and restarts; meanwhile a stored access token
 * that is still valid for a while is used rather than failing.
 */
@Service
public class AccessTokens {

	private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

	// Zoho blocks token creation "for the rest of the ten minutes"
	private static final Duration THROTTLE_WINDOW = Duration.ofMinutes(10);

	// a token about to expire is no use as a fallback: the first page would already be refused
	private static final Duration FALLBACK_MINIMUM = Duration.ofMinutes(1);

	private final TokenStore store;

	private final ZohoOAuthClient oauth;

	private final ZohoProperties properties;

	private final Clock clock;

	AccessTokens(TokenStore store, ZohoOAuthClient oauth, ZohoProperties properties, Clock clock) {
		this.store = store;
		this.oauth = oauth;
		this.properties = properties;
		this.clock = clock;
	}

	/** A token valid beyond the reuse margin, refreshing it if needed. */
	public ApiAccess current(String connectionName) {
		ZohoProperties.Connection client = this.properties.connection(connectionName);
		ConnectionToken token = refreshable(connectionName);
		Instant now = this.clock.instant();
		if (token.accessTokenValidBeyond(now.plus(this.properties.tokenReuseMargin()))) {
			log.debug("Reusing the stored access token of connection '{}', valid until {}", connectionName,
					token.accessTokenExpiresAt());
			return stored(token);
		}
		Optional<Instant> throttledUntil = this.store.refreshThrottledUntil(connectionName).filter(now::isBefore);
		if (throttledUntil.isPresent()) {
			Instant until = throttledUntil.get().truncatedTo(ChronoUnit.SECONDS);
			return fallback(token, now, new TokenThrottledException("Not asking Zoho for a new access token of "
					+ "connection '" + connectionName + "' before " + until + ": Zoho refused one for too many token "
					+ "requests (10 per 10 minutes). Wait until then, then restart"));
		}
		try {
			return refresh(connectionName, client, token, now);
		}
		catch (TokenThrottledException ex) {
			this.store.saveRefreshThrottled(connectionName, now.plus(THROTTLE_WINDOW));
			return fallback(token, now, ex);
		}
	}

	private ConnectionToken refreshable(String connectionName) {
		ConnectionToken token = this.store.find(connectionName)
			.orElseThrow(() -> MissingRefreshTokenException.neverAuthorized(connectionName));
		if (!token.hasRefreshToken()) {
			throw MissingRefreshTokenException.notStored(connectionName);
		}
		return token;
	}

	private ApiAccess fallback(ConnectionToken token, Instant now, TokenThrottledException failure) {
		if (!token.accessTokenValidBeyond(now.plus(FALLBACK_MINIMUM))) {
			throw failure;
		}
		log.warn("{}; meanwhile using the stored access token of connection '{}', valid until {}",
				failure.getMessage(), token.connectionName(), token.accessTokenExpiresAt());
		return stored(token);
	}

	/**
	 * A new access token even though the stored one looked valid: Zoho rejected it (revoked, or expired early).
	 */
	public ApiAccess refreshAfterRejection(String connectionName) {
		ZohoProperties.Connection client = this.properties.connection(connectionName);
		ConnectionToken token = refreshable(connectionName);
		Instant now = this.clock.instant();
		Optional<Instant> throttledUntil = this.store.refreshThrottledUntil(connectionName).filter(now::isBefore);
		if (throttledUntil.isPresent()) {
			throw new TokenThrottledException("Zoho rejected the access token of connection '" + connectionName
					+ "', and no new one may be requested before " + throttledUntil.get().truncatedTo(ChronoUnit.SECONDS)
					+ " (Zoho refused one for too many token requests). Wait until then, then restart");
		}
		try {
			return refresh(connectionName, client, token, now);
		}
		catch (TokenThrottledException ex) {
			this.store.saveRefreshThrottled(connectionName, now.plus(THROTTLE_WINDOW));
			throw ex;
		}
	}

	private ApiAccess refresh(String connectionName, ZohoProperties.Connection client, ConnectionToken token,
			Instant now) {
		TokenResponse response = this.oauth.refresh(connectionName, token.accountsServer(), client,
				token.refreshToken());
		String apiDomain = (response.apiDomain() != null) ? response.apiDomain() : token.apiDomain();
		Instant expiresAt = now.plus(response.lifetime());
		this.store.saveAccessToken(connectionName, response.accessToken(), expiresAt, apiDomain, now);
		log.info("Refreshed the access token of connection '{}' at {}, valid until {}", connectionName,
				token.accountsServer(), expiresAt);
		return new ApiAccess(apiDomain, response.accessToken(), expiresAt);
	}

	private static ApiAccess stored(ConnectionToken token) {
		return new ApiAccess(token.apiDomain(), token.accessToken(), token.accessTokenExpiresAt());
	}

	/**
	 * What a CRM API call needs: where to send it and the token to send. {@link #toString()} hides the token.
	 *
	 * @param apiDomain base URL returned by Zoho with the token
	 * @param accessToken the access token
	 * @param expiresAt when it expires
	 */
	public record ApiAccess(String apiDomain, String accessToken, Instant expiresAt) {

		/** The value of the {@code Authorization} header Zoho CRM expects. */
		public String authorizationHeader() {
			return "Zoho-oauthtoken " + this.accessToken;
		}

		@Override
		public String toString() {
			return "ApiAccess[apiDomain=" + this.apiDomain + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
