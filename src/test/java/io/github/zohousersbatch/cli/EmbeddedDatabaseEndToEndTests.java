package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.reporting.SnowSchema;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded PostgreSQL shared by real processes of the packaged jar, as a user meets
 * it in several terminals: a process waiting for the browser keeps the server running
 * although it holds no database session, and {@code db} hands reporting tools a login
 * that may read the reporting views only. One state directory for the class: the first
 * {@code status} migrates the schema, so that later processes hold no session while they
 * wait.
 */
class EmbeddedDatabaseEndToEndTests {

	static final String PERMISSION_DENIED = "42501";

	@TempDir
	static Path state;

	static int port;

	final WireMockServer zoho = ZohoWireMock.server();

	final String callback = "http://localhost:" + TestDatabase.freePortOrFail() + "/oauth/callback";

	final List<JarProcess.Running> started = new ArrayList<>();

	@BeforeAll
	static void migrateSchema() throws Exception {
		port = TestDatabase.freePort();
		JarProcess.Result status = JarProcess.raw(command(List.of("status"), "http://localhost:1/unused"));
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(serverRuns()).isFalse();
	}

	@BeforeEach
	void stubZoho() {
		this.zoho.resetAll();
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
	}

	/**
	 * A test that failed leaves no process waiting, nor a server running in the temporary
	 * directory.
	 */
	@AfterEach
	void endProcesses() throws Exception {
		for (JarProcess.Running running : this.started) {
			running.process().destroy();
			running.process().waitFor(1, TimeUnit.MINUTES);
		}
	}

	@AfterAll
	static void stopServer() {
		if (serverRuns()) {
			EmbeddedDatabase.startOrJoin(state.resolve("postgres"), port).close();
		}
	}

	@Test
	void statusInAnotherTerminalLeavesTheServerToAnAuthorizationWaitingForTheBrowser() throws Exception {
		// given: an authorization waiting for the browser, holding no database session
		// meanwhile
		WaitingAuthorization authorization = authorizationWaitingForTheBrowser();

		// when: status in another terminal joins the server and leaves it
		JarProcess.Result status = JarProcess.raw(command(List.of("status"), this.callback));

		// then: the server still runs, and the authorization stores its tokens once the
		// browser comes back
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(serverRuns()).isTrue();
		authorization.complete();
	}

	@Test
	void theDemoRunsOnTheEmbeddedDatabaseAndPrintsTheLicenceSummary() throws Exception {
		// when
		JarProcess.Result demo = JarProcess.raw(command(List.of("demo", "--users", "60"), this.callback));

		// then: 60 sandbox users, 35 of them active, of which 25 Regular Users (the
		// others
		// portal, sandbox, team and support users), as Zoho counts them too
		assertThat(demo.exitCode()).as(demo.output()).isZero();
		assertThat(demo.stdout()).contains("COMPLETED")
			.contains("The sandbox served 60 users, 35 of them active")
			.contains("User licences (zoho_licence_usage; the licences command):")
			.containsPattern("demo +\\d+ .* enterprise +32 +25 +25 +7 +35 +counts agree")
			.contains("Handed over to Snow License Manager")
			.containsPattern("snow/demo/[0-9]{8}T[0-9]{6}Z-zoho-crm-demo-run\\d+\\.json: 60 users, 25 billed");
		Matcher snowFile = Pattern.compile("  (/\\S+\\.json): 60 users").matcher(demo.stdout());
		assertThat(snowFile.find()).isTrue();
		assertThat(SnowSchema.errors(SnowSchema.read(Path.of(snowFile.group(1))))).isEmpty();
		assertThat(serverRuns()).isFalse();
	}

	@Test
	void aSecondBrowserDemoWhoseCallbackPortIsTakenLeavesTheServerRunning() throws Exception {
		// given
		WaitingAuthorization authorization = authorizationWaitingForTheBrowser();

		// when: a demo in another terminal wants the same loopback port for its redirect
		JarProcess.Result demo = JarProcess.raw(command(
				List.of("demo", "--browser", "--zoho.connections.demo.redirect-uri=" + this.callback), this.callback));

		// then
		assertThat(demo.exitCode()).as(demo.output()).isEqualTo(2);
		assertThat(demo.stderr()).contains("Cannot listen on");
		assertThat(serverRuns()).isTrue();
		authorization.complete();
	}

	@Test
	void dbHandsReportingToolsALoginThatReadsTheViewsOnly() throws Exception {
		// given
		JarProcess.Running db = JarProcess.start(command(List.of("db"), this.callback));
		this.started.add(db);
		try {
			await().atMost(Duration.ofMinutes(3))
				.until(() -> read(db.out()).contains("Press Ctrl-C") || !db.process().isAlive());
			String output = read(db.out());

			// when
			String user = field(output, "user");
			String password = field(output, "password");

			// then: the reporting login, with its own password, never the superuser
			assertThat(user).as(output).isEqualTo("zoho_report");
			assertThat(output).contains("JDBC URL  " + EmbeddedDatabase.jdbcUrl(port));
			assertThat(output + read(db.err())).doesNotContain(superuserPassword()).doesNotContain("user postgres");
			assertThat(Files.readString(state.resolve("zoho_report.password")).strip()).isEqualTo(password);
			assertThat(mode(state.resolve("zoho_report.password"))).isEqualTo("rw-------");
			assertThat(mode(state.resolve("postgres.password"))).isEqualTo("rw-------");
			assertThat(mode(state)).isEqualTo("rwx------");
			assertThat(mode(state.resolve("postgres-socket"))).isEqualTo("rwx------");
			try (Connection report = DriverManager.getConnection(EmbeddedDatabase.jdbcUrl(port), user, password)) {
				JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(report, true));
				List<String> views = jdbc
					.sql("select viewname from pg_views where schemaname = 'public' "
							+ "and viewname like 'zoho\\_%' order by viewname")
					.query(String.class)
					.list();
				assertThat(views).hasSize(9)
					.contains("zoho_active_users", "zoho_licence_usage", "zoho_user_changes", "zoho_user_state");
				views.forEach(view -> jdbc.sql("select count(*) from " + view).query(Long.class).single());
				assertDenied(report, "select * from zoho_connection_token");
				assertDenied(report, "select * from zoho_user_aggregation");
				assertDenied(report,
						"insert into zoho_user_aggregation (connection_name, zoho_user_id) values ('x', '1')");
				assertDenied(report, "delete from zoho_active_users");
				assertDenied(report, "create table mine (id int)");
			}
			assertThatThrownBy(
					() -> DriverManager.getConnection(EmbeddedDatabase.jdbcUrl(port), "postgres", "").close())
				.isInstanceOf(SQLException.class);
		}
		finally {
			// Ctrl-C
			db.process().destroy();
			db.process().waitFor(1, TimeUnit.MINUTES);
		}
		assertThat(serverRuns()).isFalse();
	}

	private WaitingAuthorization authorizationWaitingForTheBrowser() throws Exception {
		JarProcess.Running process = JarProcess
			.start(command(List.of("authorize", "--connection", "test", "--no-browser"), this.callback));
		this.started.add(process);
		await().atMost(Duration.ofMinutes(3))
			.until(() -> read(process.out()).contains("/oauth/v2/auth?") || !process.process().isAlive());
		Matcher consent = Pattern.compile("[?&]state=([^&\\s]+)").matcher(read(process.out()));
		assertThat(consent.find()).as(read(process.out()) + read(process.err())).isTrue();
		assertThat(serverRuns()).isTrue();
		return new WaitingAuthorization(process, consent.group(1), this.callback);
	}

	/**
	 * Every command of this class: the embedded database in the class's state directory,
	 * WireMock as Zoho.
	 */
	static List<String> command(List<String> args, String callback) {
		List<String> all = new ArrayList<>(args);
		all.addAll(List.of("--zoho.state-dir=" + state, "--zoho.embedded-db.port=" + port,
				"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY,
				"--zoho.connections.test.client-id=" + ZohoBatchTest.CLIENT_ID,
				"--zoho.connections.test.client-secret=" + ZohoBatchTest.CLIENT_SECRET,
				"--zoho.connections.test.accounts-url=" + ZohoWireMock.baseUrl(),
				"--zoho.connections.test.redirect-uri=" + callback));
		return JarProcess.javaCommand(all, false);
	}

	/**
	 * Whether the embedded server accepts the superuser with the password of its file.
	 */
	static boolean serverRuns() {
		try (Connection connection = DriverManager.getConnection(
				EmbeddedDatabase.superuserUrl(state.resolve("postgres"), port), "postgres", superuserPassword())) {
			return connection.isValid(5);
		}
		catch (SQLException | IOException ex) {
			return false;
		}
	}

	static String superuserPassword() throws IOException {
		return Files.readString(state.resolve("postgres.password")).strip();
	}

	private static void assertDenied(Connection connection, String sql) {
		assertThatThrownBy(() -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
		}).as(sql)
			.isInstanceOfSatisfying(SQLException.class,
					ex -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo(PERMISSION_DENIED));
	}

	/**
	 * The value after a label of db's output (" user zoho_report"), up to the first
	 * blank.
	 */
	private static String field(String output, String label) {
		Matcher matcher = Pattern.compile("(?m)^  " + label + " +(\\S+)").matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		return matcher.group(1);
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	/** An {@code authorize} waiting for the browser's redirect. */
	record WaitingAuthorization(JarProcess.Running process, String consentState, String callback) {

		/**
		 * The browser comes back with Zoho's redirect: the tokens are stored, and the
		 * last one out stops the server.
		 */
		void complete() throws Exception {
			String code = "1000.e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2.e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2";
			HttpResponse<String> page = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create(this.callback + "?code=" + code + "&location=us&accounts-server="
							+ URLEncoder.encode(ZohoWireMock.baseUrl(), StandardCharsets.UTF_8) + "&state="
							+ this.consentState))
					.timeout(Duration.ofMinutes(1))
					.build(), HttpResponse.BodyHandlers.ofString());
			JarProcess.Result result = this.process.await();
			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(page.body()).contains("is authorized");
			assertThat(result.stdout()).contains("Connection 'test' authorized");
			assertThat(serverRuns()).isFalse();
			try (EmbeddedDatabase database = EmbeddedDatabase.startOrJoin(state.resolve("postgres"), port);
					Connection connection = database.connect()) {
				assertThat(JdbcClient.create(new SingleConnectionDataSource(connection, true))
					.sql("select count(*) from zoho_connection_token where connection_name = 'test'")
					.query(Long.class)
					.single()).isEqualTo(1);
			}
		}

	}

}
