package io.github.zohousersbatch.auth;

import java.time.Instant;

/**
 * The OAuth state of one connection, decrypted. {@link #toString()} never shows a token.
 *
 * @param connectionName configured connection name
 * @param dataCenter location code of the data centre that issued the tokens
 * @param accountsServer accounts server that issued the tokens; every refresh goes there
 * @param apiDomain base URL of every CRM API call, as Zoho returned it with the token
 * @param refreshToken refresh token, or null when Zoho sent none
 * @param accessToken current access token, or null
 * @param accessTokenExpiresAt expiry of the access token, or null
 * @param scope granted scopes as Zoho reported them, or null
 * @param authorizedAt when the grant code was exchanged
 * @param refreshedAt when the access token was last refreshed, or null
 * @param version version of the row these values were read from (0 for values not read
 * from the database); writes that build on them are conditional on it, so that they never
 * overwrite a newer authorization
 */
public record ConnectionToken(String connectionName, String dataCenter, String accountsServer, String apiDomain,
		String refreshToken, String accessToken, Instant accessTokenExpiresAt, String scope, Instant authorizedAt,
		Instant refreshedAt, long version) {

	/** Values not read from the database, e.g. those of a new authorization. */
	public ConnectionToken(String connectionName, String dataCenter, String accountsServer, String apiDomain,
			String refreshToken, String accessToken, Instant accessTokenExpiresAt, String scope, Instant authorizedAt,
			Instant refreshedAt) {
		this(connectionName, dataCenter, accountsServer, apiDomain, refreshToken, accessToken, accessTokenExpiresAt,
				scope, authorizedAt, refreshedAt, 0);
	}

	/** Whether the access token stays valid beyond {@code instant}. */
	public boolean accessTokenValidBeyond(Instant instant) {
		return this.accessToken != null && this.accessTokenExpiresAt != null
				&& this.accessTokenExpiresAt.isAfter(instant);
	}

	public boolean hasRefreshToken() {
		return this.refreshToken != null && !this.refreshToken.isBlank();
	}

	@Override
	public String toString() {
		return "ConnectionToken[connection=" + this.connectionName + ", dataCenter=" + this.dataCenter
				+ ", accountsServer=" + this.accountsServer + ", apiDomain=" + this.apiDomain + ", refreshToken="
				+ (hasRefreshToken() ? "(set)" : "(none)") + ", accessTokenExpiresAt=" + this.accessTokenExpiresAt
				+ ", version=" + this.version + "]";
	}

}
