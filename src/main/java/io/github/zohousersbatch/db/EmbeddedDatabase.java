package io.github.zohousersbatch.db;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

import io.github.zohousersbatch.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, with a data directory
 * that persists between runs and a fixed loopback port, so that a failed run can be
 * restarted later and reporting tools can connect. It is private to the account that runs
 * it ({@link ServerSetup}: a password for every connection, kept in a mode-600 file
 * beside the data directory). Several processes share one server: a process that finds it
 * running joins it with that password, and it stops when the last process using it leaves
 * ({@link ServerLock}) and no other client is connected.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	private static final String SUPERUSER = "postgres";

	/**
	 * Refused authentication: wrong password, none given, or no pg_hba.conf line for this
	 * client.
	 */
	private static final Set<String> AUTHENTICATION_FAILED = Set.of("28P01", "28000", "08004");

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final ServerFiles files;

	private final int port;

	private final String password;

	private final ServerLock lock;

	private boolean closed;

	private EmbeddedDatabase(ServerFiles files, int port, String password, ServerLock lock) {
		this.files = files;
		this.port = port;
		this.password = password;
		this.lock = lock;
	}

	/**
	 * Starts the server on {@code port}, or joins the one already serving
	 * {@code dataDirectory} there, waiting while another process starts or stops it.
	 */
	public static EmbeddedDatabase startOrJoin(Path dataDirectory, int port) {
		ServerFiles files = new ServerFiles(dataDirectory);
		if (files.usableSocketDirectory(port).isEmpty()) {
			throw new EmbeddedDatabaseException(FailureReason.CONFIGURATION,
					"The Unix socket of the embedded PostgreSQL, " + files.socket(port) + ", would be longer than "
							+ ServerFiles.MAX_SOCKET_PATH + " bytes or contain quotes; its superuser connects "
							+ "through nothing else: choose a shorter --zoho.embedded-db.data-dir");
		}
		try {
			ServerLock lock = ServerLock.enter(files.lockFile(),
					() -> running(files, port) ? null : ServerSetup.start(files, port, () -> running(files, port)));
			try {
				// created here only when an older version's server, with trust
				// authentication, was joined
				return new EmbeddedDatabase(files, port, PrivateFiles.secret(files.passwordFile()).value(), lock);
			}
			catch (IOException ex) {
				lock.leave(startedHere -> log.debug("Embedded PostgreSQL left running"));
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new EmbeddedDatabaseException(FailureReason.FAILED, "Could not start the embedded PostgreSQL in "
					+ files.dataDirectory() + " on port " + port + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether the server of this data directory answers on its Unix socket, to its
	 * password; fails with what to do when the password file is missing or not the
	 * server's. Never asked over TCP: between two runs, any local account may hold the
	 * port and ask for the password in clear text.
	 */
	private static boolean running(ServerFiles files, int port) {
		Optional<String> password = files.password();
		try (Connection connection = DriverManager.getConnection(files.socketUrl(port), SUPERUSER, password.orElse(""));
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("show data_directory")) {
			rs.next();
			Path served = Path.of(rs.getString(1)).toAbsolutePath().normalize();
			if (!served.equals(files.dataDirectory())) {
				throw new EmbeddedDatabaseException(FailureReason.CONFIGURATION,
						"Port " + port + " is used by another PostgreSQL (data in " + served
								+ "); choose another port with --zoho.embedded-db.port");
			}
			return true;
		}
		catch (SQLException ex) {
			if (!AUTHENTICATION_FAILED.contains(ex.getSQLState())) {
				return false;
			}
			ProcessHandle postmaster = files.postmaster(port)
				.orElseThrow(() -> new EmbeddedDatabaseException(FailureReason.CONFIGURATION, "Port " + port
						+ " is used by another PostgreSQL server; choose another port with --zoho.embedded-db.port"));
			throw new EmbeddedDatabaseException(FailureReason.CONFIGURATION,
					"The embedded PostgreSQL in " + files.dataDirectory() + " (pid " + postmaster.pid() + ") refuses "
							+ (password.isPresent() ? "the password in " : "to let in without its password file ")
							+ files.passwordFile() + ": restore the file it was started with, or stop it (kill "
							+ postmaster.pid() + ") and the next start sets the file's password");
		}
	}

	/**
	 * Where reporting tools reach the embedded server on {@code port}: TCP on loopback,
	 * where the superuser is refused.
	 */
	public static String jdbcUrl(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

	/** {@link #jdbcUrl(int)} of this server: for reporting tools, never the superuser. */
	public String jdbcUrl() {
		return jdbcUrl(this.port);
	}

	/**
	 * Where the application connects as the superuser: through the Unix socket in the
	 * private socket directory ({@link PrivateSocketFactory}).
	 */
	public String superuserUrl() {
		return this.files.socketUrl(this.port);
	}

	/** {@link #superuserUrl()} of the server of {@code dataDirectory} on {@code port}. */
	public static String superuserUrl(Path dataDirectory, int port) {
		return new ServerFiles(dataDirectory).socketUrl(port);
	}

	/**
	 * The private directory of the server's Unix socket, for libpq's tools ({@code host=}
	 * a directory).
	 */
	public Path socketDirectory() {
		return this.files.socketDirectory();
	}

	/**
	 * The superuser the application connects as; never one for reporting tools
	 * ({@link ReportingLogin}).
	 */
	public String username() {
		return SUPERUSER;
	}

	/** The superuser's password, for the application's data source only. */
	public String password() {
		return this.password;
	}

	/** A new session as the superuser. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(superuserUrl(), SUPERUSER, this.password);
	}

	public Path dataDirectory() {
		return this.files.dataDirectory();
	}

	public Path passwordFile() {
		return this.files.passwordFile();
	}

	public int port() {
		return this.port;
	}

	/**
	 * Leaves the server; the last process to leave stops it, unless other clients are
	 * still connected.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.lock.leave(this::stopUnlessConnected);
		}
		catch (IOException ex) {
			log.warn("Could not stop the embedded PostgreSQL: {}", ex.getMessage());
		}
	}

	private void stopUnlessConnected(Closeable startedHere) throws IOException {
		if (otherClientsConnected()) {
			log.debug("Embedded PostgreSQL left running: other clients are connected");
			return;
		}
		if (startedHere != null) {
			startedHere.close();
			return;
		}
		this.files.stopPostmaster(this.port);
	}

	private boolean otherClientsConnected() {
		try (Connection connection = connect();
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

}
