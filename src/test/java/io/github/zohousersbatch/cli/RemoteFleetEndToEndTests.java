package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.fleet.FleetWorker;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Remote fleet runs with real processes on loopback: a manager ({@code run --remote})
 * embedding its broker on a free port, two {@code worker} processes started before it,
 * six sandbox organisations. The tables they leave are compared with those of a local
 * fleet run of the same organisations: with both workers alive, with one killed (SIGKILL)
 * in the middle of a partition, and with one stopped (SIGTERM) there.
 */
class RemoteFleetEndToEndTests {

	static final int ORGANISATIONS = 6;

	static final String COLUMNS = "zoho_user_id, email, full_name, first_name, last_name, status, user_type, confirmed, "
			+ "role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time, active";

	static final String BROKER_PASSWORD = "broker-Pa55word-never-logged";

	static final List<ZohoSandbox> sandboxes = new ArrayList<>();

	static final ZohoFixture fixture = ZohoFixture.forProcesses(TestDatabase.dataSource());

	final JsonMapper json = JsonMapper.builder().build();

	final List<JarProcess.Running> processes = new ArrayList<>();

	@TempDir
	Path directory;

	// each organisation once as a local fleet's connection (l1...) and once for each
	// remote test (a1..., b1..., c1..., d1...); pages of 5 users, 300 ms each
	@BeforeAll
	static void organisationsAndTheLocalFleetRun() throws Exception {
		assertThat(JarProcess.run("status").exitCode()).isZero();
		Tables.clean(fixture.jdbc());
		for (int i = 1; i <= ORGANISATIONS; i++) {
			sandboxes.add(ZohoSandbox.start(20 + 5 * i, Duration.ofMillis(300)));
		}
		for (int i = 1; i <= ORGANISATIONS; i++) {
			authorize(i, sandboxes.get(i - 1));
		}
		JarProcess.Result local = JarProcess.run(with(fleet("l", "run")));
		assertThat(local.exitCode()).as(local.output()).isZero();
	}

	// what authorize --client does, without a process per connection: the sandbox's
	// tokens, stored for each of the organisation's three connections
	private static void authorize(int organisation, ZohoSandbox sandbox) throws Exception {
		String form = "grant_type=authorization_code&client_id=" + sandbox.clientId() + "&client_secret="
				+ sandbox.clientSecret() + "&code=" + sandbox.issueGrantCode()
				+ "&redirect_uri=http://localhost:8765/oauth/callback";
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/oauth/v2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode tokens = JsonMapper.builder().build().readTree(answer.body());
		for (String prefix : List.of("l", "a", "b", "c", "d")) {
			String connection = prefix + organisation;
			fixture.jdbc()
				.sql("insert into zoho_connection (connection_name, client_name, data_center, registered_at) "
						+ "values (?, ?, 'us', now())")
				.params(connection, "org" + organisation)
				.update();
			fixture.store(connection, sandbox.baseUrl(), tokens.get("access_token").asString(),
					tokens.get("refresh_token").asString());
		}
	}

	@AfterAll
	static void stopSandboxes() {
		sandboxes.forEach(ZohoSandbox::close);
	}

	@AfterEach
	void stopProcesses() throws InterruptedException {
		for (JarProcess.Running running : this.processes) {
			running.kill();
		}
	}

	@Test
	void twoWorkersRunTheFleetAndLeaveTheTablesOfALocalRun() throws Exception {
		// given: two workers waiting for a broker that is not there yet
		int port = TestDatabase.freePort();
		JarProcess.Running first = worker(port);
		JarProcess.Running second = worker(port);
		Path summary = this.directory.resolve("fleet.json");

		// when
		JarProcess.Result manager = manager("a", port, summary);

		// then
		assertThat(manager.exitCode()).as(manager.output()).isZero();
		assertThat(manager.stderr()).contains("Broker embedded in this process at tcp://127.0.0.1:" + port);
		assertThat(manager.stdout()).contains("6 of 6 connections completed");
		assertSameTablesAsTheLocalRun("a");
		JsonNode report = this.json.readTree(summary.toFile());
		Set<String> workers = new java.util.HashSet<>();
		report.get("connections").forEach(connection -> workers.add(connection.get("worker").asString()));
		assertThat(workers).hasSize(2).allSatisfy(worker -> assertThat(worker).containsAnyOf(pid(first), pid(second)));

		// and SIGTERM stops an idle worker with exit 0; its log never shows the
		// broker's password
		first.process().destroy();
		JarProcess.Result stopped = first.await();
		assertThat(stopped.exitCode()).as(stopped.output()).isZero();
		assertThat(stopped.stderr()).contains("Worker stopped").doesNotContain(BROKER_PASSWORD);
	}

	@Test
	void aWorkerKilledInTheMiddleOfAPartitionLosesNothing() throws Exception {
		// given
		int port = TestDatabase.freePort();
		JarProcess.Running victim = worker(port);
		JarProcess.Running survivor = worker(port);
		Path summary = this.directory.resolve("fleet.json");
		JarProcess.Running manager = JarProcess.startJar(with(managerArgs("b", port, summary)));
		this.processes.add(manager);

		// when: the victim has committed a page of a connection and reads the next one
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> committedPagesOfARunningExecutionOf(victim) > 0 || !manager.process().isAlive());
		assertThat(manager.process().isAlive()).as(() -> output(manager)).isTrue();
		String killedConnection = runningConnectionOf(victim);
		victim.kill();

		// then
		JarProcess.Result result = manager.await();
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).contains("6 of 6 connections completed");
		assertSameTablesAsTheLocalRun("b");
		assertThat(fixture.jdbc().sql("""
				select e.exit_message from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				where p.parameter_name = 'connection' and p.parameter_value = ? and e.status = 'FAILED'
				""").param(killedConnection).query(String.class).single())
			.contains("(pid " + pid(victim) + ") stopped answering");
		assertThat(fixture.jdbc()
			.sql("select count(*) from batch_step_execution where step_name = ? and status = 'FAILED' "
					+ "and exit_message like '%stopped answering%'")
			.param("runConnection:" + killedConnection)
			.query(Long.class)
			.single()).isOne();
		JsonNode report = this.json.readTree(summary.toFile());
		report.get("connections")
			.forEach(connection -> assertThat(connection.get("worker").asString())
				.contains("(pid " + pid(survivor) + ")"));
	}

	@Test
	void aWorkerStoppedWithSigtermFinishesItsChunkAndHandsItsPartitionBack() throws Exception {
		// given
		int port = TestDatabase.freePort();
		JarProcess.Running stopped = worker(port);
		JarProcess.Running other = worker(port);
		Path summary = this.directory.resolve("fleet.json");
		JarProcess.Running manager = JarProcess.startJar(with(managerArgs("c", port, summary)));
		this.processes.add(manager);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> committedPagesOfARunningExecutionOf(stopped) > 0 || !manager.process().isAlive());
		assertThat(manager.process().isAlive()).as(() -> output(manager)).isTrue();
		String connection = runningConnectionOf(stopped);

		// when
		stopped.process().destroy();

		// then
		JarProcess.Result worker = stopped.await();
		assertThat(worker.exitCode()).as(worker.output()).isZero();
		assertThat(worker.stderr()).contains("Partition runConnection:" + connection + " handed back to the manager",
				"Worker stopped");
		JarProcess.Result result = manager.await();
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).contains("6 of 6 connections completed");
		assertSameTablesAsTheLocalRun("c");
		assertThat(fixture.jdbc().sql("""
				select e.status from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				where p.parameter_name = 'connection' and p.parameter_value = ? order by e.job_execution_id
				""").param(connection).query(String.class).list())
			.as(() -> worker.output() + fixture.jdbc()
				.sql("select status || ' ' || exit_code || ' ' || exit_message from batch_job_execution")
				.query(String.class)
				.list())
			.containsExactly("STOPPED", "COMPLETED");
		assertThat(fixture.jdbc()
			.sql("select exit_code from batch_step_execution where step_name = ? order by step_execution_id")
			.param("runConnection:" + connection)
			.query(String.class)
			.list()).containsExactly(FleetWorker.HANDED_BACK, "COMPLETED");
	}

	@Test
	void aBrokerOfItsOwnRestartedInTheMiddleOfAFleetRunLosesNoPartition() throws Exception {
		// given: a broker of the platform's, keeping its messages on disk, and no broker
		// in the manager
		int port = TestDatabase.freePort();
		Path journal = this.directory.resolve("broker");
		EmbeddedActiveMQ broker = broker(port, journal);
		worker(port);
		worker(port);
		List<String> args = new ArrayList<>(fleet("d", "run"));
		args.addAll(List.of("--remote", "--spring.artemis.broker-url=tcp://127.0.0.1:" + port,
				"--zoho.fleet.worker-timeout=3s"));
		JarProcess.Running manager = JarProcess.startJar(with(args));
		this.processes.add(manager);

		// when: the broker restarts once a connection has completed, the others queued or
		// running
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> completedRuns("d") > 0 || !manager.process().isAlive());
			assertThat(completedRuns("d")).as(() -> output(manager)).isBetween(1L, 3L);
			broker.stop();
			broker = broker(port, journal);

			// then
			JarProcess.Result result = manager.await();
			assertThat(result.exitCode()).as(result.output()).isZero();
			assertThat(result.stderr()).doesNotContain("Broker embedded");
			assertThat(result.stdout()).contains("6 of 6 connections completed");
			assertSameTablesAsTheLocalRun("d");
		}
		finally {
			broker.stop();
		}
	}

	private long completedRuns(String prefix) {
		return fixture.jdbc()
			.sql("select count(*) from zoho_aggregation_run where connection_name like ?")
			.param(prefix + "%")
			.query(Long.class)
			.single();
	}

	// a persistent broker on loopback, as a production Artemis would be
	private static EmbeddedActiveMQ broker(int port, Path journal) throws Exception {
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(true);
		configuration.setJournalType(JournalType.NIO);
		configuration.setJournalDirectory(journal.resolve("journal").toString());
		configuration.setBindingsDirectory(journal.resolve("bindings").toString());
		configuration.setLargeMessagesDirectory(journal.resolve("large").toString());
		configuration.setPagingDirectory(journal.resolve("paging").toString());
		configuration.setSecurityEnabled(false);
		configuration.setJMXManagementEnabled(false);
		configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(configuration);
		broker.start();
		return broker;
	}

	private void assertSameTablesAsTheLocalRun(String prefix) {
		for (int i = 1; i <= ORGANISATIONS; i++) {
			assertThat(table(prefix + i)).as("organisation %d", i).isEqualTo(table("l" + i)).isNotEmpty();
			assertThat(runs(prefix + i)).as("organisation %d", i).isEqualTo(runs("l" + i)).hasSize(1);
		}
	}

	private List<Map<String, Object>> table(String connection) {
		return fixture.jdbc()
			.sql("select " + COLUMNS + " from zoho_user_aggregation where connection_name = ? order by zoho_user_id")
			.param(connection)
			.query()
			.listOfRows();
	}

	private List<Map<String, Object>> runs(String connection) {
		return fixture.jdbc()
			.sql("select users_read, users_active, users_filtered, users_deactivated from zoho_aggregation_run "
					+ "where connection_name = ?")
			.param(connection)
			.query()
			.listOfRows();
	}

	private long committedPagesOfARunningExecutionOf(JarProcess.Running worker) {
		return fixture.jdbc().sql("""
				select coalesce(max(s.commit_count), 0) from batch_step_execution s
				join batch_job_execution e on e.job_execution_id = s.job_execution_id and e.status = 'STARTED'
				join batch_job_execution_context c on c.job_execution_id = e.job_execution_id
				where s.step_name = 'aggregateUsers' and s.status = 'STARTED' and c.short_context ~ ?
				""").param(pidPattern(worker)).query(Long.class).single();
	}

	private String runningConnectionOf(JarProcess.Running worker) {
		return fixture.jdbc().sql("""
				select p.parameter_value from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				join batch_job_execution_context c on c.job_execution_id = e.job_execution_id
				where e.status = 'STARTED' and p.parameter_name = 'connection' and c.short_context ~ ?
				""").param(pidPattern(worker)).query(String.class).single();
	}

	private JarProcess.Running worker(int port) throws IOException {
		// credentials as a production broker wants them (the embedded one takes any)
		JarProcess.Running worker = JarProcess.startJar(with(List.of("worker",
				"--spring.artemis.broker-url=tcp://127.0.0.1:" + port, "--spring.artemis.user=zoho-batch",
				"--spring.artemis.password=" + BROKER_PASSWORD, "--zoho.fleet.concurrency=1")));
		this.processes.add(worker);
		return worker;
	}

	private JarProcess.Result manager(String prefix, int port, Path summary) throws Exception {
		JarProcess.Running manager = JarProcess.startJar(with(managerArgs(prefix, port, summary)));
		this.processes.add(manager);
		return manager.await();
	}

	private static List<String> managerArgs(String prefix, int port, Path summary) {
		List<String> args = new ArrayList<>(fleet(prefix, "run"));
		args.addAll(List.of("--remote", "--summary-file", summary.toString(),
				"--zoho.fleet.embedded-broker-port=" + port, "--zoho.fleet.worker-timeout=3s"));
		return args;
	}

	// a fleet of the six connections with this prefix
	private static List<String> fleet(String prefix, String command) {
		List<String> args = new ArrayList<>(List.of(command));
		for (int i = 1; i <= ORGANISATIONS; i++) {
			args.addAll(List.of("--connection", prefix + i));
		}
		return args;
	}

	// the arguments with the six organisations' clients
	private static String[] with(List<String> args) {
		List<String> all = new ArrayList<>(args);
		for (int i = 1; i <= ORGANISATIONS; i++) {
			ZohoSandbox sandbox = sandboxes.get(i - 1);
			all.addAll(List.of("--zoho.clients.org" + i + ".client-id=" + sandbox.clientId(),
					"--zoho.clients.org" + i + ".client-secret=" + sandbox.clientSecret(),
					"--zoho.clients.org" + i + ".accounts-url=" + sandbox.baseUrl()));
		}
		return all.toArray(String[]::new);
	}

	// the pid the job execution's context records (JobFailureListener), however typed
	private static String pidPattern(JarProcess.Running running) {
		return "\"process\\.pid\"[^0-9]*" + pid(running) + "[^0-9]";
	}

	private static String pid(JarProcess.Running running) {
		return String.valueOf(running.process().pid());
	}

	static String output(JarProcess.Running running) {
		try {
			return Files.readString(running.out()) + Files.readString(running.err());
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
	}

}
