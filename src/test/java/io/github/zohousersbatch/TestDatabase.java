package io.github.zohousersbatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.github.zohousersbatch.db.EmbeddedDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL the tests use: by default an embedded server (one per test JVM, in
 * a temporary directory, with the superuser's password from its password file); with
 * {@code -Dzoho.test.jdbc-url=jdbc:postgresql://127.0.0.1:5432/test} (and optionally
 * {@code zoho.test.jdbc-user} and {@code zoho.test.jdbc-password}) an external one.
 */
public final class TestDatabase {

	/**
	 * The system properties that point the tests at an external PostgreSQL instead: URL,
	 * user, password.
	 */
	public static final List<String> SYSTEM_PROPERTIES = List.of("zoho.test.jdbc-url", "zoho.test.jdbc-user",
			"zoho.test.jdbc-password");

	private static String url;

	private static String user;

	private static String password;

	private static String libpqUrl;

	private TestDatabase() {
	}

	public static synchronized String url() {
		start();
		return url;
	}

	public static synchronized String user() {
		start();
		return user;
	}

	public static synchronized String password() {
		start();
		return password;
	}

	/**
	 * The database as libpq's tools (pg_dump) take it: the embedded server through its
	 * private Unix socket, as the superuser connects.
	 */
	public static synchronized String libpqUrl() {
		start();
		return libpqUrl;
	}

	/** A data source for the test database, for tests without an application context. */
	public static PGSimpleDataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url());
		dataSource.setUser(user());
		dataSource.setPassword(password());
		return dataSource;
	}

	private static void start() {
		if (url != null) {
			return;
		}
		String external = System.getProperty(SYSTEM_PROPERTIES.get(0));
		if (external != null && !external.isBlank()) {
			url = external;
			user = System.getProperty(SYSTEM_PROPERTIES.get(1), "postgres");
			password = System.getProperty(SYSTEM_PROPERTIES.get(2), "");
			libpqUrl = external.substring("jdbc:".length());
			return;
		}
		try {
			Path directory = Files.createTempDirectory("zoho-users-batch-test-db");
			EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(directory.resolve("data"), freePort());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(database), "test-db-stop"));
			url = database.superuserUrl();
			libpqUrl = "postgresql:///postgres?host="
					+ URLEncoder.encode(database.socketDirectory().toString(), StandardCharsets.UTF_8) + "&port="
					+ database.port();
			user = database.username();
			password = Files.readString(database.passwordFile()).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The test JVM owns its server: the sessions of Spring contexts that other shutdown
	 * hooks are closing at the same moment must not keep it running (they would count as
	 * connected clients).
	 */
	private static void stop(EmbeddedDatabase database) {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("select pg_terminate_backend(pid) from pg_stat_activity "
					+ "where backend_type = 'client backend' and pid <> pg_backend_pid()");
		}
		catch (SQLException ex) {
			// not running any more
		}
		database.close();
	}

	/** {@link #freePort()} for static initialisers. */
	public static int freePortOrFail() {
		try {
			return freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
