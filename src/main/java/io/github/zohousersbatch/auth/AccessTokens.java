package io.github.zohousersbatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Hands out a valid access token per connection. A stored token is reused while it stays
 * valid beyond the reuse margin, because Zoho allows only 10 refreshes per 10 minutes;
 * otherwise it is refreshed at the accounts server that issued it and stored again. When
 * Zoho throttles refreshes, the time is stored and no refresh is tried within the
 * ten-minute window, across runs and restarts; meanwhile a stored access token that is
 * still valid for a while is used rather than failing. What is stored is stored only if
 * the connection's tokens are still those that were read: when a new authorization (or
 * another process) wrote meanwhile, its tokens are read again and used instead of being
 * overwritten.
 */
@Service
public class AccessTokens {

	private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

	// Zoho blocks token creation "for the rest of the ten minutes"
	private static final Duration THROTTLE_WINDOW = Duration.ofMinutes(10);

	// a token about to expire is no use as a fallback: the first page would already be
	// refused
	private static final Duration FALLBACK_MINIMUM = Duration.ofMinutes(1);

	// each further attempt follows a write by someone else; more than a few in a row
	// means the row changes continually
	private static final int ATTEMPTS = 3;

	private final TokenStore store;

	private final ZohoOAuthClient oauth;

	private final ZohoProperties properties;

	private final Connections connections;

	private final Clock clock;

	AccessTokens(TokenStore store, ZohoOAuthClient oauth, ZohoProperties properties, Connections connections,
			Clock clock) {
		this.store = store;
		this.oauth = oauth;
		this.properties = properties;
		this.connections = connections;
		this.clock = clock;
	}

	/** A token valid beyond the reuse margin, refreshing it if needed. */
	public ApiAccess current(String connectionName) {
		ZohoProperties.Connection client = this.connections.settings(connectionName);
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			Optional<ApiAccess> access = current(client, refreshable(connectionName));
			if (access.isPresent()) {
				return access.get();
			}
			changedMeanwhile(connectionName);
		}
		throw changedContinually(connectionName);
	}

	/**
	 * A new access token even though the stored one looked valid: Zoho rejected it
	 * (revoked, or expired early). If the stored tokens changed meanwhile, the new ones
	 * are used.
	 */
	public ApiAccess refreshAfterRejection(String connectionName) {
		ZohoProperties.Connection client = this.connections.settings(connectionName);
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			ConnectionToken token = refreshable(connectionName);
			Instant now = this.clock.instant();
			if (attempt > 1 && token.accessTokenValidBeyond(now.plus(FALLBACK_MINIMUM))) {
				return stored(client, token);
			}
			Optional<Instant> throttledUntil = this.store.refreshThrottledUntil(connectionName).filter(now::isBefore);
			if (throttledUntil.isPresent()) {
				throw new TokenThrottledException("Zoho rejected the access token of connection '" + connectionName
						+ "', and no new one may be requested before "
						+ throttledUntil.get().truncatedTo(ChronoUnit.SECONDS)
						+ " (Zoho refused one for too many token requests). Wait until then, then restart");
			}
			Optional<ApiAccess> access = refresh(client, token, now, false);
			if (access.isPresent()) {
				return access.get();
			}
			changedMeanwhile(connectionName);
		}
		throw changedContinually(connectionName);
	}

	// empty when the stored tokens changed since they were read
	private Optional<ApiAccess> current(ZohoProperties.Connection client, ConnectionToken token) {
		Instant now = this.clock.instant();
		if (token.accessTokenValidBeyond(now.plus(this.properties.tokenReuseMargin()))) {
			log.debug("Reusing the stored access token of connection '{}', valid until {}", token.connectionName(),
					token.accessTokenExpiresAt());
			return Optional.of(stored(client, token));
		}
		Optional<Instant> throttledUntil = this.store.refreshThrottledUntil(token.connectionName())
			.filter(now::isBefore);
		if (throttledUntil.isPresent()) {
			Instant until = throttledUntil.get().truncatedTo(ChronoUnit.SECONDS);
			return Optional.of(fallback(client, token, now,
					new TokenThrottledException("Not asking Zoho for a new " + "access token of connection '"
							+ token.connectionName() + "' before " + until + ": Zoho refused "
							+ "one for too many token requests (10 per 10 minutes). Wait until then, then restart")));
		}
		return refresh(client, token, now, true);
	}

	// empty when the stored tokens changed since they were read: what Zoho answered is
	// dropped, not stored
	private Optional<ApiAccess> refresh(ZohoProperties.Connection client, ConnectionToken token, Instant now,
			boolean fallbackWhenThrottled) {
		String connectionName = token.connectionName();
		TokenResponse response;
		try {
			response = this.oauth.refresh(connectionName, token.accountsServer(), client, token.refreshToken());
		}
		catch (TokenThrottledException ex) {
			if (!this.store.saveRefreshThrottled(token, now.plus(THROTTLE_WINDOW))) {
				return Optional.empty();
			}
			if (!fallbackWhenThrottled) {
				throw ex;
			}
			return Optional.of(fallback(client, token, now, ex));
		}
		String apiDomain = TrustedServers.requireApiDomainToCall(connectionName, client,
				(response.apiDomain() != null) ? response.apiDomain() : token.apiDomain(), "returned by Zoho for");
		Instant expiresAt = now.plus(response.lifetime());
		if (!this.store.saveAccessToken(token, response.accessToken(), expiresAt, apiDomain, now)) {
			return Optional.empty();
		}
		log.info("Refreshed the access token of connection '{}' at {}, valid until {}", connectionName,
				token.accountsServer(), expiresAt);
		return Optional.of(new ApiAccess(apiDomain, response.accessToken(), expiresAt));
	}

	private ConnectionToken refreshable(String connectionName) {
		ConnectionToken token = this.store.find(connectionName)
			.orElseThrow(() -> MissingRefreshTokenException.neverAuthorized(connectionName));
		if (!token.hasRefreshToken()) {
			throw MissingRefreshTokenException.notStored(connectionName);
		}
		return token;
	}

	private ApiAccess fallback(ZohoProperties.Connection client, ConnectionToken token, Instant now,
			TokenThrottledException failure) {
		if (!token.accessTokenValidBeyond(now.plus(FALLBACK_MINIMUM))) {
			throw failure;
		}
		log.warn("{}; meanwhile using the stored access token of connection '{}', valid until {}", failure.getMessage(),
				token.connectionName(), token.accessTokenExpiresAt());
		return stored(client, token);
	}

	// the API domain is checked again where it is used: the access token goes there next
	private static ApiAccess stored(ZohoProperties.Connection client, ConnectionToken token) {
		return new ApiAccess(
				TrustedServers.requireApiDomainToCall(token.connectionName(), client, token.apiDomain(), "stored for"),
				token.accessToken(), token.accessTokenExpiresAt());
	}

	private static void changedMeanwhile(String connectionName) {
		log.info("The stored tokens of connection '{}' changed while a new access token was requested (a new "
				+ "authorization, or another process refreshed): reading them again instead of overwriting them",
				connectionName);
	}

	private static ZohoBatchException changedContinually(String connectionName) {
		return new ZohoBatchException(FailureReason.FAILED, "The stored tokens of connection '" + connectionName
				+ "' changed " + ATTEMPTS + " times while a new access token was requested; restart");
	}

	/**
	 * What a CRM API call needs: where to send it and the token to send.
	 * {@link #toString()} hides the token.
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
