package io.github.zohousersbatch.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.github.zohousersbatch.ConnectionName;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.ZohoProperties.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every Zoho connection this program knows and the settings each one uses. A connection
 * is configured under {@code zoho.connections.NAME} (its settings win, as they always
 * have), or registered in {@code zoho_connection} by {@code authorize --client CLIENT},
 * naming one of the {@code zoho.clients}: a fleet of 500 organisations needs one client
 * block, not 500 connection blocks. The table also records each connection's last
 * authorization and whether fleet runs include it.
 */
@Component
public class Connections {

	private static final Logger log = LoggerFactory.getLogger(Connections.class);

	private final ZohoProperties properties;

	private final JdbcClient jdbc;

	Connections(ZohoProperties properties, JdbcClient jdbc) {
		this.properties = properties;
		this.jdbc = jdbc;
	}

	/** The settings of the connection, or a configuration error saying what to set. */
	public Connection settings(String name) {
		ConnectionName.checked(name, "the connection to run");
		if (this.properties.configured(name).isPresent()) {
			return this.properties.connection(name);
		}
		Optional<Registered> registered = registered(name).filter(row -> row.client() != null);
		if (registered.isEmpty()) {
			// the properties' message names what to set
			return this.properties.connection(name);
		}
		Registered row = registered.get();
		return Connection.through(row.client(),
				this.properties.client(row.client(), "connection '" + name + "' in zoho_connection"), row.dataCenter());
	}

	/** The settings of the connection when it has complete ones, else empty. */
	public Optional<Connection> find(String name) {
		try {
			return Optional.of(settings(name));
		}
		catch (ZohoBatchException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Registers the connection, before its first authorization, as one of the client in
	 * the data centre; a connection of the properties keeps their settings.
	 */
	public void register(String name, String client, String dataCenter) {
		ConnectionName.checked(name, "the connection to register");
		if (this.properties.configured(name).isPresent()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Connection '" + name + "' is configured under zoho.connections." + name
							+ ": its client and data centre come from there, not from --client or --data-center");
		}
		String registeredClient = registered(name).map(Registered::client).orElse(null);
		String effectiveClient = (client != null) ? client : registeredClient;
		if (effectiveClient == null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Connection '" + name
					+ "' is not configured: register it with --client CLIENT, a client of zoho.clients");
		}
		this.properties.client(effectiveClient, (client != null) ? "--client" : "connection '" + name + "'");
		String location = DataCenter.byLocation(dataCenter).location();
		this.jdbc.sql("""
				insert into zoho_connection (connection_name, client_name, data_center, registered_at)
				values (?, ?, ?, now())
				on conflict (connection_name) do update set client_name = excluded.client_name,
				    data_center = case when ? then excluded.data_center else zoho_connection.data_center end
				""").params(name, effectiveClient, location, dataCenter != null).update();
	}

	/** Records an authorization of the connection. */
	public void authorized(String name, String dataCenter, String accountsServer, Instant when) {
		this.jdbc
			.sql("""
					insert into zoho_connection (connection_name, data_center, accounts_server, registered_at, authorized_at,
					    authorized_by)
					values (?, ?, ?, ?, ?, ?)
					on conflict (connection_name) do update set data_center = excluded.data_center,
					    accounts_server = excluded.accounts_server, authorized_at = excluded.authorized_at,
					    authorized_by = excluded.authorized_by
					""")
			.params(name, dataCenter, accountsServer, OffsetDateTime.ofInstant(when, ZoneOffset.UTC),
					OffsetDateTime.ofInstant(when, ZoneOffset.UTC), System.getProperty("user.name"))
			.update();
	}

	/**
	 * Includes the connection in fleet runs, or not; its data stays. Returns false for a
	 * connection this program does not know.
	 */
	public boolean enable(String name, boolean enabled) {
		Optional<Connection> configured = this.properties.configured(name);
		if (configured.isPresent()) {
			this.jdbc.sql("""
					insert into zoho_connection (connection_name, data_center, registered_at, enabled)
					values (?, ?, now(), ?)
					on conflict (connection_name) do update set enabled = excluded.enabled
					""").params(name, configured.get().dataCenter(), enabled).update();
			return true;
		}
		return this.jdbc.sql("update zoho_connection set enabled = ? where connection_name = ?")
			.params(enabled, name)
			.update() > 0;
	}

	/**
	 * Every connection: those of the properties and those registered, by name, each with
	 * what the table records of it.
	 */
	public List<Known> all() {
		Map<String, Known> known = new TreeMap<>();
		this.properties.connections()
			.forEach((name, connection) -> known.put(name,
					new Known(name, true, connection.client(), connection.dataCenter(), null, true, null, null)));
		for (Registered row : this.jdbc.sql("select * from zoho_connection").query(Connections::row).list()) {
			if (!ConnectionName.isValid(row.name())) {
				// anyone who can write the table could add it: a name is part of file
				// paths
				log.error("Connection {} of zoho_connection skipped: a connection name is {}; delete or rename the row",
						ConnectionName.shown(row.name()), ConnectionName.RULE);
				continue;
			}
			Known configured = known.get(row.name());
			known.put(row.name(),
					new Known(row.name(), configured != null, (configured != null) ? configured.client() : row.client(),
							(configured != null) ? configured.dataCenter() : row.dataCenter(), row.accountsServer(),
							row.enabled(), row.authorizedAt(), row.authorizedBy()));
		}
		return List.copyOf(known.values());
	}

	/** Names of the connections fleet runs include, by name. */
	public List<String> enabled() {
		return all().stream().filter(Known::enabled).map(Known::name).toList();
	}

	private Optional<Registered> registered(String name) {
		return this.jdbc.sql("select * from zoho_connection where connection_name = ?")
			.param(name)
			.query(Connections::row)
			.optional();
	}

	private static Registered row(ResultSet rs, int row) throws SQLException {
		return new Registered(rs.getString("connection_name"), rs.getString("client_name"), rs.getString("data_center"),
				rs.getString("accounts_server"), rs.getBoolean("enabled"),
				rs.getObject("authorized_at", OffsetDateTime.class), rs.getString("authorized_by"));
	}

	private record Registered(String name, String client, String dataCenter, String accountsServer, boolean enabled,
			OffsetDateTime authorizedAt, String authorizedBy) {
	}

	/**
	 * A connection as {@code connections} lists it.
	 *
	 * @param name connection name
	 * @param configured whether {@code zoho.connections.NAME} configures it
	 * @param client the {@code zoho.clients} client it uses, or null for its own client
	 * id
	 * @param dataCenter data centre
	 * @param accountsServer accounts server of its last authorization, or null
	 * @param enabled whether fleet runs include it
	 * @param authorizedAt its last authorization, or null
	 * @param authorizedBy the account that authorized it, or null
	 */
	public record Known(String name, boolean configured, String client, String dataCenter, String accountsServer,
			boolean enabled, OffsetDateTime authorizedAt, String authorizedBy) {
	}

}
