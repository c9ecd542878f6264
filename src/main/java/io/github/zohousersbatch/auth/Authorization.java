package io.github.zohousersbatch.auth;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Turns a grant code into stored tokens for a connection. A response without a refresh token is refused
 * loudly: the job could never refresh, and Zoho only sends one with {@code access_type=offline} and fresh
 * consent.
 */
@Service
public class Authorization {

	private static final Logger log = LoggerFactory.getLogger(Authorization.class);

	private final ZohoOAuthClient oauth;

	private final TokenStore store;

	private final ZohoProperties properties;

	private final Clock clock;

	Authorization(ZohoOAuthClient oauth, TokenStore store, ZohoProperties properties, Clock clock) {
		this.oauth = oauth;
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Exchanges {@code code} at {@code accountsServer} and stores the tokens.
	 * @param redirectUri the redirect URI of the authorization request, or null for Self Client codes
	 * @return what was stored, tokens included
	 */
	public ConnectionToken authorizeWithCode(String connectionName, String accountsServer, String code,
			String redirectUri) {
		ZohoProperties.Connection client = this.properties.connection(connectionName);
		TokenResponse response = this.oauth.exchangeCode(connectionName, accountsServer, client, code, redirectUri);
		if (!response.hasRefreshToken()) {
			throw MissingRefreshTokenException.inResponse(connectionName);
		}
		Instant now = this.clock.instant();
		String dataCenter = DataCenter.byAccountsServer(accountsServer)
			.map(DataCenter::location)
			.orElse(client.dataCenter());
		String apiDomain = (response.apiDomain() != null) ? response.apiDomain()
				: DataCenter.byLocation(dataCenter).apiDomain();
		ConnectionToken token = new ConnectionToken(connectionName, dataCenter, accountsServer, apiDomain,
				response.refreshToken(), response.accessToken(), now.plus(response.lifetime()), response.scope(),
				now, now);
		this.store.saveAuthorization(token);
		log.info("Authorized connection '{}': data centre {}, accounts server {}, api domain {}", connectionName,
				dataCenter, accountsServer, apiDomain);
		return token;
	}

	/** Exchanges a code at the connection's configured accounts server. */
	public ConnectionToken authorizeWithCode(String connectionName, String code) {
		return authorizeWithCode(connectionName, this.properties.connection(connectionName).accountsServer(), code,
				null);
	}

}
