package io.github.zohousersbatch.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Turns a grant code into stored tokens for a connection. A response without a refresh
 * token is refused loudly: the job could never refresh, and Zoho only sends one with
 * {@code access_type=offline} and fresh consent. Authorizing again revokes the refresh
 * token it replaces, at the accounts server that issued it: Zoho keeps at most 20 refresh
 * tokens per user and silently evicts the oldest
 * (https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html), so forgotten ones
 * would crowd out live ones.
 */
@Service
public class Authorization {

	private static final Logger log = LoggerFactory.getLogger(Authorization.class);

	private final ZohoOAuthClient oauth;

	private final TokenStore store;

	private final TokenRevocation revocation;

	private final Connections connections;

	private final Clock clock;

	Authorization(ZohoOAuthClient oauth, TokenStore store, TokenRevocation revocation, Connections connections,
			Clock clock) {
		this.oauth = oauth;
		this.store = store;
		this.revocation = revocation;
		this.connections = connections;
		this.clock = clock;
	}

	/**
	 * Exchanges {@code code} at {@code accountsServer} and stores the tokens.
	 * @param redirectUri the redirect URI of the authorization request, or null for Self
	 * Client codes
	 * @return what was stored, tokens included
	 */
	public ConnectionToken authorizeWithCode(String connectionName, String accountsServer, String code,
			String redirectUri) {
		ZohoProperties.Connection client = this.connections.settings(connectionName);
		TokenResponse response = this.oauth.exchangeCode(connectionName, accountsServer, client, code, redirectUri);
		if (!response.hasRefreshToken()) {
			throw MissingRefreshTokenException.inResponse(connectionName);
		}
		Instant now = this.clock.instant();
		String issuer = TrustedServers.requireAccountsServer(connectionName, client, accountsServer,
				"to be stored for");
		String dataCenter = DataCenter.byAccountsServer(issuer).map(DataCenter::location).orElse(client.dataCenter());
		String apiDomain = TrustedServers.requireApiDomainToCall(connectionName, client,
				(response.apiDomain() != null) ? response.apiDomain() : apiDomainOf(connectionName, client, dataCenter),
				"returned by Zoho for");
		ConnectionToken token = new ConnectionToken(connectionName, dataCenter, issuer, apiDomain,
				response.refreshToken(), response.accessToken(), now.plus(response.lifetime()), response.scope(), now,
				now);
		Optional<ConnectionToken> previous = previous(connectionName);
		this.store.saveAuthorization(token);
		this.connections.authorized(connectionName, dataCenter, issuer, now);
		log.info("Authorized connection '{}': data centre {}, accounts server {}, api domain {}", connectionName,
				dataCenter, issuer, apiDomain);
		previous.filter(replaced -> !replaced.refreshToken().equals(token.refreshToken()))
			.ifPresent(replaced -> revokeReplaced(replaced, client));
		return token;
	}

	// an answer without api_domain: the host of the environment the connection names, in
	// production by default
	private static String apiDomainOf(String connectionName, ZohoProperties.Connection client, String dataCenter) {
		ZohoEnvironment environment = ZohoEnvironment.of(connectionName, client);
		return ((environment != null) ? environment : ZohoEnvironment.PRODUCTION)
			.apiDomainOf(DataCenter.byLocation(dataCenter));
	}

	/** Exchanges a code at the connection's configured accounts server. */
	public ConnectionToken authorizeWithCode(String connectionName, String code) {
		ZohoProperties.Connection client = this.connections.settings(connectionName);
		return authorizeWithCode(connectionName, TrustedServers.configuredAccountsServer(connectionName, client), code,
				null);
	}

	private Optional<ConnectionToken> previous(String connectionName) {
		try {
			return this.store.find(connectionName).filter(ConnectionToken::hasRefreshToken);
		}
		catch (ZohoBatchException ex) {
			log.warn("The tokens that the authorization of connection '{}' replaces cannot be read, so their refresh "
					+ "token is not revoked (revoke it in Zoho Accounts > Connected Apps if it is still listed): {}",
					connectionName, ex.getMessage());
			return Optional.empty();
		}
	}

	// the new tokens are stored whatever happens here: a refresh token left behind only
	// counts against Zoho's 20
	private void revokeReplaced(ConnectionToken replaced, ZohoProperties.Connection client) {
		try {
			TokenRevocation.Outcome outcome = this.revocation.revoke(replaced.connectionName(), client,
					replaced.accountsServer(), replaced.refreshToken());
			log.info("Revoked the replaced refresh token of connection '{}' at {}: {}", replaced.connectionName(),
					replaced.accountsServer(), outcome);
		}
		catch (RuntimeException ex) {
			log.warn(
					"{}. The new tokens are stored; the replaced refresh token stays valid until it is revoked in "
							+ "Zoho Accounts > Connected Apps, or until Zoho evicts it (it keeps 20 per user)",
					Failures.messageOf(ex));
		}
	}

}
