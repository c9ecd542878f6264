package io.github.zohousersbatch.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, with a data directory that persists
 * between runs and a fixed loopback port, so that a failed run can be restarted later and reporting tools
 * can connect. Several processes share one server: a process that finds it running joins it, and the last
 * process to leave stops it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final Path dataDirectory;

	private final int port;

	private final EmbeddedPostgres startedHere;

	private EmbeddedDatabase(Path dataDirectory, int port, EmbeddedPostgres startedHere) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.startedHere = startedHere;
	}

	/** Starts the server on {@code port}, or joins the one already serving {@code dataDirectory} there. */
	public static EmbeddedDatabase startOrJoin(Path dataDirectory, int port) {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		Optional<EmbeddedDatabase> running = join(directory, port);
		if (running.isPresent()) {
			return running.get();
		}
		try {
			Files.createDirectories(directory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPort(port)
				.setServerConfig("listen_addresses", "localhost")
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
			return new EmbeddedDatabase(directory, port, postgres);
		}
		catch (IOException | RuntimeException ex) {
			// another process may have started it between our probe and our start
			return join(directory, port).orElseThrow(() -> new EmbeddedDatabaseException(
					"Could not start the embedded PostgreSQL in " + directory + " on port " + port + ": "
							+ ex.getMessage(),
					ex));
		}
	}

	private static Optional<EmbeddedDatabase> join(Path directory, int port) {
		String url = jdbcUrl(port);
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("show data_directory")) {
			rs.next();
			Path servedDirectory = Path.of(rs.getString(1)).toAbsolutePath().normalize();
			if (!servedDirectory.equals(directory)) {
				throw new EmbeddedDatabaseException("Port " + port + " is used by another PostgreSQL (data in "
						+ servedDirectory + "); choose another port with --zoho.embedded-db.port");
			}
			return Optional.of(new EmbeddedDatabase(directory, port, null));
		}
		catch (SQLException ex) {
			return Optional.empty();
		}
	}

	static String jdbcUrl(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

	public String jdbcUrl() {
		return jdbcUrl(this.port);
	}

	public String username() {
		return "postgres";
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	public int port() {
		return this.port;
	}

	/** Stops the server unless another process still has sessions open on it. */
	@Override
	public void close() {
		if (otherClientsConnected()) {
			log.debug("Embedded PostgreSQL left running: other processes are connected");
			return;
		}
		if (this.startedHere != null) {
			try {
				this.startedHere.close();
			}
			catch (IOException ex) {
				log.warn("Could not stop the embedded PostgreSQL: {}", ex.getMessage());
			}
			return;
		}
		postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
	}

	private boolean otherClientsConnected() {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from pg_stat_activity "
						+ "where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
			rs.next();
			return rs.getLong(1) > 0;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private Optional<Long> postmasterPid() {
		try {
			List<String> lines = Files.readAllLines(this.dataDirectory.resolve("postmaster.pid"));
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** The embedded server could not be started or joined. */
	public static final class EmbeddedDatabaseException extends RuntimeException {

		EmbeddedDatabaseException(String message) {
			super(message);
		}

		EmbeddedDatabaseException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
