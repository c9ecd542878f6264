package io.github.zohousersbatch.users;

import java.time.Instant;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.auth.TokenStore;

import org.springframework.stereotype.Service;

/**
 * "Test connection": obtains a valid access token the way a run does (reusing the stored
 * one when it can) and asks Zoho for the current user, so that an operator knows a
 * connection works before scheduling it.
 */
@Service
public class ConnectionCheck {

	private final Connections connections;

	private final AccessTokens accessTokens;

	private final TokenStore store;

	private final CurrentUserClient currentUser;

	ConnectionCheck(Connections connections, AccessTokens accessTokens, TokenStore store,
			CurrentUserClient currentUser) {
		this.connections = connections;
		this.accessTokens = accessTokens;
		this.store = store;
		this.currentUser = currentUser;
	}

	/** Checks the connection, failing with the same reasons as a run. */
	public Report check(String connectionName) {
		this.connections.settings(connectionName);
		ApiAccess access = this.accessTokens.current(connectionName);
		// present: current() refuses connections without stored tokens
		ConnectionToken token = this.store.find(connectionName).orElseThrow();
		ZohoUser user = this.currentUser.fetch(access);
		return new Report(connectionName, token.dataCenter(), token.accountsServer(), access.apiDomain(), token.scope(),
				access.expiresAt(), user);
	}

	/**
	 * What the check found.
	 *
	 * @param connectionName connection
	 * @param dataCenter data centre that issued the tokens
	 * @param accountsServer accounts server that refreshes them
	 * @param apiDomain CRM API domain
	 * @param scope granted scopes as Zoho reported them, or null
	 * @param accessTokenExpiresAt when the access token in use expires
	 * @param user the Zoho user who authorized the connection
	 */
	public record Report(String connectionName, String dataCenter, String accountsServer, String apiDomain,
			String scope, Instant accessTokenExpiresAt, ZohoUser user) {
	}

}
