package io.github.zohousersbatch.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code zoho.*}: the named Zoho connections and how tokens are protected.
 *
 * @param connections one block per connection, {@code zoho.connections.<name>.*}
 * @param secretKey base64 AES-256 key for the stored tokens; wins over {@code secretKeyFile}
 * @param secretKeyFile file holding that key, created with owner-only permissions on first use (default
 * {@code ~/.zoho-users-batch/secret.key})
 * @param tokenReuseMargin a stored access token is reused while it stays valid longer than this
 * @param authorizationTimeout how long {@code authorize} waits for the browser's redirect
 */
@ConfigurationProperties("zoho")
public record ZohoProperties(Map<String, Connection> connections, String secretKey,
		Path secretKeyFile,
		@DefaultValue("5m") Duration tokenReuseMargin,
		@DefaultValue("5m") Duration authorizationTimeout) {

	/** Where this program keeps its files by default: the key file and the embedded database. */
	public static final Path HOME = Path.of(System.getProperty("user.home"), ".zoho-users-batch");

	public ZohoProperties {
		connections = (connections == null) ? Map.of() : Map.copyOf(connections);
		secretKeyFile = (secretKeyFile != null) ? secretKeyFile : HOME.resolve("secret.key");
	}

	/** The connection configured under this name, or a configuration error naming what to set. */
	public Connection connection(String name) {
		Connection connection = this.connections.get(name);
		if (connection == null || connection.clientId() == null || connection.clientSecret() == null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Zoho connection '" + name
					+ "' is not configured: set zoho.connections." + name + ".client-id and zoho.connections." + name
					+ ".client-secret (configured connections: " + String.join(", ", this.connections.keySet()) + ")");
		}
		return connection;
	}

	// a record's own toString would show the key
	@Override
	public String toString() {
		return "ZohoProperties[connections=" + this.connections + ", secretKey="
				+ ((this.secretKey != null && !this.secretKey.isBlank()) ? "(set)" : "(none)") + ", secretKeyFile="
				+ this.secretKeyFile + ", tokenReuseMargin=" + this.tokenReuseMargin + ", authorizationTimeout="
				+ this.authorizationTimeout + "]";
	}

	/**
	 * One Zoho CRM organisation reached through one API client.
	 *
	 * @param dataCenter location code of the data centre: us, eu, in, au, jp, cn, ca or sa
	 * @param clientId client id from the Zoho API console
	 * @param clientSecret client secret from the Zoho API console
	 * @param accountsUrl optional override of the data centre's accounts server
	 * @param redirectUri redirect URI registered for the client; {@code authorize} listens on it (loopback only)
	 * @param scope scopes requested by the browser authorization, comma-separated
	 */
	public record Connection(@DefaultValue("us") String dataCenter, String clientId, String clientSecret,
			String accountsUrl, @DefaultValue(DEFAULT_REDIRECT_URI) String redirectUri,
			@DefaultValue(DEFAULT_SCOPE) String scope) {

		/** The redirect URI to register for a Server-based client. */
		public static final String DEFAULT_REDIRECT_URI = "http://localhost:8765/oauth/callback";

		/** What the job needs: read the users, and the organisation they belong to. */
		public static final String DEFAULT_SCOPE = "ZohoCRM.users.READ,ZohoCRM.org.READ";

		/** The accounts server to send the first code exchange to. */
		public String accountsServer() {
			return hasAccountsUrl() ? stripSlash(this.accountsUrl)
					: DataCenter.byLocation(this.dataCenter).accountsServer();
		}

		/** Whether {@code accounts-url} is set: then its origin is trusted besides Zoho's own servers. */
		boolean hasAccountsUrl() {
			return this.accountsUrl != null && !this.accountsUrl.isBlank();
		}

		@Override
		public String toString() {
			return "Connection[dataCenter=" + this.dataCenter + ", clientId=" + this.clientId + ", accountsUrl="
					+ this.accountsUrl + ", redirectUri=" + this.redirectUri + ", scope=" + this.scope + "]";
		}

		private static String stripSlash(String url) {
			String trimmed = url.trim();
			return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
		}

	}

}
