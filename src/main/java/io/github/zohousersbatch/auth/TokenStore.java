package io.github.zohousersbatch.auth;

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
 * Keeps each connection's tokens in {@code zoho_connection_token}, encrypted with the {@link TokenCipher}.
 */
@Repository
public class TokenStore {

	private final JdbcClient jdbc;

	private final TokenCipher cipher;

	TokenStore(JdbcClient jdbc, TokenCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	public Optional<ConnectionToken> find(String connectionName) {
		return this.jdbc.sql("select * from zoho_connection_token where connection_name = ?")
			.param(connectionName)
			.query(this::map)
			.optional();
	}

	/** Stores the outcome of a code exchange, replacing whatever the connection had. */
	public void saveAuthorization(ConnectionToken token) {
		this.jdbc.sql("""
				insert into zoho_connection_token (connection_name, data_center, accounts_server, api_domain,
				    refresh_token, access_token, access_token_expires_at, scope, authorized_at, refreshed_at)
				values (:name, :dc, :accounts, :api, :refresh, :access, :expires, :scope, :authorized, :refreshed)
				on conflict (connection_name) do update set data_center = excluded.data_center,
				    accounts_server = excluded.accounts_server, api_domain = excluded.api_domain,
				    refresh_token = excluded.refresh_token, access_token = excluded.access_token,
				    access_token_expires_at = excluded.access_token_expires_at, scope = excluded.scope,
				    authorized_at = excluded.authorized_at, refreshed_at = excluded.refreshed_at,
				    refresh_throttled_until = null
				""")
			.param("name", token.connectionName())
			.param("dc", token.dataCenter())
			.param("accounts", token.accountsServer())
			.param("api", token.apiDomain())
			.param("refresh", encrypt(token.refreshToken(), token.connectionName()))
			.param("access", encrypt(token.accessToken(), token.connectionName()))
			.param("expires", timestamp(token.accessTokenExpiresAt()))
			.param("scope", token.scope())
			.param("authorized", timestamp(token.authorizedAt()))
			.param("refreshed", timestamp(token.refreshedAt()))
			.update();
	}

	/** Stores a refreshed access token; the refresh token stays as it was. */
	public void saveAccessToken(String connectionName, String accessToken, Instant expiresAt, String apiDomain,
			Instant refreshedAt) {
		this.jdbc.sql("""
				update zoho_connection_token set access_token = :access, access_token_expires_at = :expires,
				    api_domain = :api, refreshed_at = :refreshed, refresh_throttled_until = null
				where connection_name = :name
				""")
			.param("access", encrypt(accessToken, connectionName))
			.param("expires", timestamp(expiresAt))
			.param("api", apiDomain)
			.param("refreshed", timestamp(refreshedAt))
			.param("name", connectionName)
			.update();
	}

	/** Until when Zoho throttles the connection's refreshes, if it does. */
	public Optional<Instant> refreshThrottledUntil(String connectionName) {
		return this.jdbc.sql("select refresh_throttled_until from zoho_connection_token where connection_name = ? "
				+ "and refresh_throttled_until is not null")
			.param(connectionName)
			.query((rs, row) -> instant(rs, "refresh_throttled_until"))
			.optional();
	}

	/**
	 * Remembers that Zoho throttles the connection's refreshes, so that a restart does not ask again too soon. In
	 * its own transaction: the step that met the throttle fails, and its transaction rolls back.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void saveRefreshThrottled(String connectionName, Instant until) {
		this.jdbc.sql("update zoho_connection_token set refresh_throttled_until = ? where connection_name = ?")
			.param(timestamp(until))
			.param(connectionName)
			.update();
	}

	/** Forgets the connection's tokens. Returns whether there were any. */
	public boolean delete(String connectionName) {
		return this.jdbc.sql("delete from zoho_connection_token where connection_name = ?")
			.param(connectionName)
			.update() > 0;
	}

	private ConnectionToken map(ResultSet rs, int row) throws SQLException {
		String name = rs.getString("connection_name");
		return new ConnectionToken(name, rs.getString("data_center"), rs.getString("accounts_server"),
				rs.getString("api_domain"), decrypt(rs.getString("refresh_token"), name),
				decrypt(rs.getString("access_token"), name), instant(rs, "access_token_expires_at"),
				rs.getString("scope"), instant(rs, "authorized_at"),
				instant(rs, "refreshed_at"));
	}

	private String encrypt(String value, String connectionName) {
		return (value == null) ? null : this.cipher.encrypt(value, connectionName);
	}

	private String decrypt(String value, String connectionName) {
		return (value == null) ? null : this.cipher.decrypt(value, connectionName);
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return (instant == null) ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value == null) ? null : value.toInstant();
	}

}
