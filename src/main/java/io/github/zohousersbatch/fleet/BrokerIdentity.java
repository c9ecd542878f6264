package io.github.zohousersbatch.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.db.PrivateFiles;

/**
 * Who may use the broker a manager embeds, and how a worker knows it is that broker, kept
 * in the state directory and shared by the processes of its account: the user
 * {@value #USER} and a generated password ({@code fleet-broker.password}, mode 600), and
 * the broker's own key and self-signed certificate for {@code 127.0.0.1}
 * ({@code fleet-broker.p12}, mode 600, made once by the JDK's {@code keytool}). Workers
 * trust that certificate only ({@code fleet-broker-trust.p12}): whatever else answers on
 * the port fails the TLS handshake before the client sends the user and password.
 *
 * @param password the broker user's password
 * @param keyStore the broker's key and certificate, protected by the password
 * @param trustStore the broker's certificate alone, for its clients
 */
record BrokerIdentity(String password, Path keyStore, Path trustStore) {

	/** The one user of the embedded broker. */
	static final String USER = "zoho-fleet";

	/**
	 * The trust store holds a public certificate only: its password protects nothing and
	 * may appear in a URL.
	 */
	static final String TRUST_STORE_PASSWORD = "public-certificate";

	private static final String ALIAS = "fleet-broker";

	/** The identity kept in {@code stateDirectory}, made there on first use. */
	static BrokerIdentity of(Path stateDirectory) {
		try {
			String password = PrivateFiles.secret(stateDirectory.resolve("fleet-broker.password")).value();
			Path keyStore = stateDirectory.resolve("fleet-broker.p12");
			if (Files.notExists(keyStore)) {
				linkInPlace(keyStore, temporary -> generateKey(temporary, password));
			}
			Path trustStore = stateDirectory.resolve("fleet-broker-trust.p12");
			if (Files.notExists(trustStore)) {
				linkInPlace(trustStore, temporary -> writeTrustStore(keyStore, password, temporary));
			}
			PrivateFiles.requireOwnFile(keyStore);
			PrivateFiles.requireOwnFile(trustStore);
			return new BrokerIdentity(password, keyStore, trustStore);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Cannot prepare the embedded broker's password and certificate in " + stateDirectory + ": "
							+ ex.getMessage() + " (remove the fleet-broker files there to make new ones)",
					ex);
		}
	}

	/**
	 * Where the broker listens: TLS with its own key, on loopback (ActiveMQ Artemis:
	 * Configuring the Transport, TLS parameters).
	 */
	String acceptorUrl(int port) {
		return "tcp://127.0.0.1:" + port + "?sslEnabled=true&keyStoreType=PKCS12&keyStorePath=" + encode(this.keyStore)
				+ "&keyStorePassword=" + encode(this.password);
	}

	/**
	 * Where a client connects: TLS trusting the broker's certificate alone, for the
	 * address {@code 127.0.0.1} it names.
	 */
	String clientUrl(int port) {
		return "tcp://127.0.0.1:" + port + "?sslEnabled=true&verifyHost=true&trustStoreType=PKCS12&trustStorePath="
				+ encode(this.trustStore) + "&trustStorePassword=" + TRUST_STORE_PASSWORD;
	}

	@Override
	public String toString() {
		return "BrokerIdentity[keyStore=" + this.keyStore + ", trustStore=" + this.trustStore + "]";
	}

	private static String encode(Object value) {
		return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
	}

	// the password goes to keytool through its environment, never its command line
	private static void generateKey(Path keyStore, String password) throws IOException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		ProcessBuilder builder = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
				"-keyalg", "EC", "-groupname", "secp256r1", "-validity", "36500", "-dname",
				"CN=zoho-users-batch fleet broker", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass:env", "ZOHO_FLEET_BROKER_PASSWORD"))
			.redirectErrorStream(true);
		builder.environment().put("ZOHO_FLEET_BROKER_PASSWORD", password);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IOException("keytool could not make the broker's key: " + output.strip());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while making the broker's key", ex);
		}
	}

	private static void writeTrustStore(Path keyStore, String password, Path trustStore)
			throws IOException, GeneralSecurityException {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			keys.load(in, password.toCharArray());
		}
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
		try (OutputStream out = Files.newOutputStream(trustStore)) {
			trusted.store(out, TRUST_STORE_PASSWORD.toCharArray());
		}
	}

	/**
	 * Writes {@code file} through a private temporary file linked into place, so that
	 * processes starting together see no file or a complete one, the first one made.
	 */
	private static void linkInPlace(Path file, Writer writer) throws IOException, GeneralSecurityException {
		Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			writer.write(temporary);
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			Files.createLink(file, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			// another process made it first: use that one
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	@FunctionalInterface
	private interface Writer {

		void write(Path temporary) throws IOException, GeneralSecurityException;

	}

}
