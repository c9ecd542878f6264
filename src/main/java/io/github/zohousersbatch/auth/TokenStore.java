package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.ZohoProperties;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each connection's tokens in {@code zoho_connection_token}, encrypted with the
 * {@link TokenCipher} and bound to the row's servers. Reading checks those servers before
 * decrypting anything ({@link TrustedServers}). Every write bumps the row's
 * {@code version}; writes that build on what was read (a refreshed access token, a
 * throttle time, a deletion after revoking) happen only if the row still has that
 * version, so that a running job or a {@code deauthorize} never overwrites a newer
 * authorization.
 */
@Repository
public class TokenStore {

	private final JdbcClient jdbc;

	private final TokenCipher cipher;

	private final Connections connections;

	TokenStore(JdbcClient jdbc, TokenCipher cipher, Connections connections) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.connections = connections;
	}

	/**
	 * The connection's tokens. A row whose accounts server or API domain is not trusted
	 * for the connection is a configuration error, raised before its tokens are
	 * decrypted.
	 */
	public Optional<ConnectionToken> find(String connectionName) {
		return this.jdbc.sql("select * from zoho_connection_token where connection_name = ?")
			.param(connectionName)
			.query(this::map)
			.optional();
	}

	/**
	 * Stores the outcome of a code exchange, replacing whatever the connection had: the
	 * newest authorization wins.
	 */
	public void saveAuthorization(ConnectionToken token) {
		TokenCipher.Binding binding = new TokenCipher.Binding(token.connectionName(), token.accountsServer(),
				token.apiDomain());
		this.jdbc.sql("""
				insert into zoho_connection_token (connection_name, data_center, accounts_server, api_domain,
				    refresh_token, access_token, access_token_expires_at, scope, authorized_at, refreshed_at, version)
				values (:name, :dc, :accounts, :api, :refresh, :access, :expires, :scope, :authorized, :refreshed, 1)
				on conflict (connection_name) do update set data_center = excluded.data_center,
				    accounts_server = excluded.accounts_server, api_domain = excluded.api_domain,
				    refresh_token = excluded.refresh_token, access_token = excluded.access_token,
				    access_token_expires_at = excluded.access_token_expires_at, scope = excluded.scope,
				    authorized_at = excluded.authorized_at, refreshed_at = excluded.refreshed_at,
				    refresh_throttled_until = null, version = zoho_connection_token.version + 1
				""")
			.param("name", token.connectionName())
			.param("dc", token.dataCenter())
			.param("accounts", token.accountsServer())
			.param("api", token.apiDomain())
			.param("refresh", encrypt(token.refreshToken(), binding))
			.param("access", encrypt(token.accessToken(), binding))
			.param("expires", timestamp(token.accessTokenExpiresAt()))
			.param("scope", token.scope())
			.param("authorized", timestamp(token.authorizedAt()))
			.param("refreshed", timestamp(token.refreshedAt()))
			.update();
	}

	/**
	 * Stores an access token refreshed with the refresh token of {@code read}, if the row
	 * is still as it was read. Both tokens are encrypted again, bound to the API domain
	 * that came with the new one.
	 * @return false when the row changed meanwhile (a new authorization, another
	 * refresh): nothing was written
	 */
	public boolean saveAccessToken(ConnectionToken read, String accessToken, Instant expiresAt, String apiDomain,
			Instant refreshedAt) {
		TokenCipher.Binding binding = new TokenCipher.Binding(read.connectionName(), read.accountsServer(), apiDomain);
		return this.jdbc.sql("""
				update zoho_connection_token set access_token = :access, refresh_token = :refresh,
				    access_token_expires_at = :expires, api_domain = :api, refreshed_at = :refreshed,
				    refresh_throttled_until = null, version = version + 1
				where connection_name = :name and version = :version
				""")
			.param("access", encrypt(accessToken, binding))
			.param("refresh", encrypt(read.refreshToken(), binding))
			.param("expires", timestamp(expiresAt))
			.param("api", apiDomain)
			.param("refreshed", timestamp(refreshedAt))
			.param("name", read.connectionName())
			.param("version", read.version())
			.update() > 0;
	}

	/** Until when Zoho throttles the connection's refreshes, if it does. */
	public Optional<Instant> refreshThrottledUntil(String connectionName) {
		return this.jdbc
			.sql("select refresh_throttled_until from zoho_connection_token where connection_name = ? "
					+ "and refresh_throttled_until is not null")
			.param(connectionName)
			.query((rs, row) -> instant(rs, "refresh_throttled_until"))
			.optional();
	}

	/**
	 * Remembers that Zoho throttles the refreshes of the refresh token in {@code read},
	 * so that a restart does not ask again too soon; not when the row changed meanwhile,
	 * since a new authorization brings a refresh token of its own. In its own
	 * transaction: the step that met the throttle fails, and its transaction rolls back.
	 * @return false when the row changed meanwhile: nothing was written
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean saveRefreshThrottled(ConnectionToken read, Instant until) {
		return this.jdbc.sql("""
				update zoho_connection_token set refresh_throttled_until = ?, version = version + 1
				where connection_name = ? and version = ?
				""").param(timestamp(until)).param(read.connectionName()).param(read.version()).update() > 0;
	}

	/**
	 * Forgets the tokens in {@code read} if the row is still as it was read; false when
	 * it changed meanwhile.
	 */
	public boolean deleteIfUnchanged(ConnectionToken read) {
		return this.jdbc.sql("delete from zoho_connection_token where connection_name = ? and version = ?")
			.param(read.connectionName())
			.param(read.version())
			.update() > 0;
	}

	/**
	 * Forgets the connection's tokens, whatever they are. Returns whether there were any.
	 */
	public boolean delete(String connectionName) {
		return this.jdbc.sql("delete from zoho_connection_token where connection_name = ?")
			.param(connectionName)
			.update() > 0;
	}

	private ConnectionToken map(ResultSet rs, int row) throws SQLException {
		String name = rs.getString("connection_name");
		String accountsServer = rs.getString("accounts_server");
		String apiDomain = rs.getString("api_domain");
		ZohoProperties.Connection client = this.connections.find(name).orElse(null);
		TrustedServers.requireAccountsServer(name, client, accountsServer, "stored for");
		TrustedServers.requireApiDomain(name, client, apiDomain, "stored for");
		TokenCipher.Binding binding = new TokenCipher.Binding(name, accountsServer, apiDomain);
		return new ConnectionToken(name, rs.getString("data_center"), accountsServer, apiDomain,
				decrypt(rs.getString("refresh_token"), binding), decrypt(rs.getString("access_token"), binding),
				instant(rs, "access_token_expires_at"), rs.getString("scope"), instant(rs, "authorized_at"),
				instant(rs, "refreshed_at"), rs.getLong("version"));
	}

	private String encrypt(String value, TokenCipher.Binding binding) {
		return (value == null) ? null : this.cipher.encrypt(value, binding);
	}

	private String decrypt(String value, TokenCipher.Binding binding) {
		return (value == null) ? null : this.cipher.decrypt(value, binding);
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return (instant == null) ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value == null) ? null : value.toInstant();
	}

}
