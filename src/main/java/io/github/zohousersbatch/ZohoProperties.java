package io.github.zohousersbatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Settings under {@code zoho.*} itself: the named Zoho connections, how tokens are
 * protected, and where this program keeps its files. The settings of each part have their
 * own prefix and record ({@code zoho.job}, {@code zoho.http}, {@code zoho.embedded-db},
 * ...).
 *
 * @param connections one block per connection, {@code zoho.connections.<name>.*}
 * @param secretKey base64 AES-256 key for the stored tokens; wins over
 * {@code secretKeyFile}
 * @param secretKeyFile file holding that key, created with owner-only permissions on
 * first use (default {@code secret.key} in the state directory)
 * @param stateDir the directory the files this program keeps by default derive from: the
 * key file, the embedded PostgreSQL and its password files, the launcher's cache
 * (environment variable {@code ZOHO_STATEDIR}; default {@code ~/.zoho-users-batch}). A
 * service whose home directory is not writable, such as one run by systemd with
 * {@code DynamicUser=yes}, points it at its state directory
 * @param tokenReuseMargin a stored access token is reused while it stays valid longer
 * than this
 * @param authorizationTimeout how long {@code authorize} waits for the browser's redirect
 * @param clients Zoho API clients by name, {@code zoho.clients.<client>.*}: one
 * Server-based client can be authorized by many organisations, whose connections name it
 */
@ConfigurationProperties("zoho")
public record ZohoProperties(Map<String, Connection> connections, String secretKey, Path secretKeyFile, Path stateDir,
		@DefaultValue("5m") Duration tokenReuseMargin, @DefaultValue("5m") Duration authorizationTimeout,
		Map<String, Client> clients) {

	/**
	 * The state directory when none is configured: in the home directory of the account.
	 */
	public static final Path DEFAULT_STATE_DIR = Path.of(System.getProperty("user.home"), ".zoho-users-batch");

	@ConstructorBinding
	public ZohoProperties {
		connections = (connections == null) ? Map.of() : Map.copyOf(connections);
		clients = (clients == null) ? Map.of() : Map.copyOf(clients);
		stateDir = ((stateDir != null) ? stateDir : DEFAULT_STATE_DIR).toAbsolutePath().normalize();
		secretKeyFile = (secretKeyFile != null) ? secretKeyFile : stateDir.resolve("secret.key");
	}

	/** Settings without named clients. */
	public ZohoProperties(Map<String, Connection> connections, String secretKey, Path secretKeyFile, Path stateDir,
			Duration tokenReuseMargin, Duration authorizationTimeout) {
		this(connections, secretKey, secretKeyFile, stateDir, tokenReuseMargin, authorizationTimeout, Map.of());
	}

	/**
	 * The settings as {@code environment} holds them, for code that runs before the
	 * application context.
	 */
	public static ZohoProperties of(Environment environment) {
		return Binder.get(environment).bindOrCreate("zoho", ZohoProperties.class);
	}

	/**
	 * Whether the tokens are encrypted with the key file rather than
	 * {@code zoho.secret-key}.
	 */
	public boolean usesKeyFile() {
		return this.secretKey == null || this.secretKey.isBlank();
	}

	/**
	 * The connection configured under this name, its client's id and secret filled in
	 * when it names one, or empty when the properties do not configure it.
	 */
	public Optional<Connection> configured(String name) {
		Connection connection = this.connections.get(name);
		if (connection == null || connection.client() == null) {
			return Optional.ofNullable(connection);
		}
		return Optional.of(connection.using(client(connection.client(), "zoho.connections." + name + ".client")));
	}

	/**
	 * The connection configured under this name, or a configuration error naming what to
	 * set.
	 */
	public Connection connection(String name) {
		Connection connection = configured(name).orElse(null);
		if (connection == null || connection.clientId() == null || connection.clientSecret() == null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Zoho connection '" + name + "' is not configured: set zoho.connections." + name
							+ ".client-id and zoho.connections." + name + ".client-secret, or zoho.connections." + name
							+ ".client naming a client of zoho.clients, or authorize it with --client (configured "
							+ "connections: " + String.join(", ", this.connections.keySet()) + ")");
		}
		return connection;
	}

	/**
	 * The client configured under this name, or a configuration error naming what to set.
	 * @param namedBy the setting or option that names it, for the message
	 */
	public Client client(String name, String namedBy) {
		Client client = this.clients.get(name);
		if (client == null || client.clientId() == null || client.clientSecret() == null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Zoho client '" + name + "' (named by " + namedBy + ") is not configured: set zoho.clients." + name
							+ ".client-id and zoho.clients." + name + ".client-secret (configured clients: "
							+ String.join(", ", this.clients.keySet()) + ")");
		}
		return client;
	}

	// a record's own toString would show the key
	@Override
	public String toString() {
		return "ZohoProperties[connections=" + this.connections + ", clients=" + this.clients + ", secretKey="
				+ (usesKeyFile() ? "(none)" : "(set)") + ", secretKeyFile=" + this.secretKeyFile + ", stateDir="
				+ this.stateDir + ", tokenReuseMargin=" + this.tokenReuseMargin + ", authorizationTimeout="
				+ this.authorizationTimeout + "]";
	}

	/**
	 * One Zoho CRM organisation reached through one API client.
	 *
	 * @param dataCenter location code of the data centre: us, eu, in, au, jp, cn, ca, sa,
	 * uk, or one declared under {@code zoho.data-centers}
	 * @param clientId client id from the Zoho API console
	 * @param clientSecret client secret from the Zoho API console
	 * @param accountsUrl optional override of the data centre's accounts server
	 * @param redirectUri redirect URI registered for the client; {@code authorize}
	 * listens on it (loopback only)
	 * @param scope scopes requested by the browser authorization, comma-separated
	 * @param client name of a client of {@code zoho.clients} whose id, secret and
	 * accounts server this connection uses where it sets none of its own
	 * @param environment the organisation's Zoho environment: production, sandbox or
	 * developer; its tokens must then belong to it. Unset, the token's {@code api_domain}
	 * decides
	 */
	public record Connection(@DefaultValue("us") String dataCenter, String clientId, String clientSecret,
			String accountsUrl, @DefaultValue(DEFAULT_REDIRECT_URI) String redirectUri,
			@DefaultValue(DEFAULT_SCOPE) String scope, String client, String environment) {

		/** The redirect URI to register for a Server-based client. */
		public static final String DEFAULT_REDIRECT_URI = "http://localhost:8765/oauth/callback";

		/**
		 * What the job needs: read the users, the organisation they belong to, and its
		 * licence counts.
		 */
		public static final String DEFAULT_SCOPE = "ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.features.READ";

		@ConstructorBinding
		public Connection {
		}

		/** A connection with its own client id and secret. */
		public Connection(String dataCenter, String clientId, String clientSecret, String accountsUrl,
				String redirectUri, String scope) {
			this(dataCenter, clientId, clientSecret, accountsUrl, redirectUri, scope, null, null);
		}

		/**
		 * A connection of the data centre through the named client, with the default
		 * redirect URI and scopes.
		 */
		public static Connection through(String clientName, Client client, String dataCenter) {
			return new Connection(dataCenter, null, null, null, DEFAULT_REDIRECT_URI, DEFAULT_SCOPE, clientName, null)
				.using(client);
		}

		/** This connection, taking from the client what it does not set itself. */
		public Connection using(Client client) {
			return new Connection(this.dataCenter, (this.clientId != null) ? this.clientId : client.clientId(),
					(this.clientSecret != null) ? this.clientSecret : client.clientSecret(),
					hasAccountsUrl() ? this.accountsUrl : client.accountsUrl(), this.redirectUri, this.scope,
					this.client, this.environment);
		}

		/**
		 * Whether {@code accounts-url} is set: then its origin is trusted besides Zoho's
		 * own servers.
		 */
		public boolean hasAccountsUrl() {
			return this.accountsUrl != null && !this.accountsUrl.isBlank();
		}

		@Override
		public String toString() {
			return "Connection[dataCenter=" + this.dataCenter + ", clientId=" + this.clientId + ", accountsUrl="
					+ this.accountsUrl + ", redirectUri=" + this.redirectUri + ", scope=" + this.scope + ", client="
					+ this.client + ", environment=" + this.environment + "]";
		}

	}

	/**
	 * A Zoho API client (Zoho API console), which any number of connections may use.
	 *
	 * @param clientId client id
	 * @param clientSecret client secret
	 * @param accountsUrl optional override of the accounts server of its connections'
	 * data centres (a test or sandbox server); its origin is trusted for them
	 */
	public record Client(String clientId, String clientSecret, String accountsUrl) {

		@Override
		public String toString() {
			return "Client[clientId=" + this.clientId + ", clientSecret="
					+ ((this.clientSecret != null) ? "(set)" : null) + ", accountsUrl=" + this.accountsUrl + "]";
		}

	}

}
