package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.fleet.FleetWorker;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.github.zohousersbatch.cli.RemoteFleetFixture.assertSameTablesAsTheLocalRun;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.broker;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.committedPagesOfARunningExecutionOf;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.completedRuns;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.fixture;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.fleet;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.output;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.pid;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.runningConnectionOf;
import static io.github.zohousersbatch.cli.RemoteFleetFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Remote fleet runs with real processes on loopback: a manager ({@code run --remote})
 * embedding its broker on a free port, two {@code worker} processes started before it,
 * six sandbox organisations. The tables they leave are compared with those of a local
 * fleet run of the same organisations: with both workers alive, with one killed (SIGKILL)
 * in the middle of a partition, with one stopped (SIGTERM) there, and with a broker of
 * the test's own, restarted in the middle of the run.
 */
class RemoteFleetEndToEndTests {

	static final String BROKER_PASSWORD = "broker-Pa55word-never-logged";

	final JsonMapper json = JsonMapper.builder().build();

	final List<JarProcess.Running> processes = new ArrayList<>();

	@TempDir
	Path directory;

	// the reference: a local fleet run of the six organisations
	@BeforeAll
	static void organisationsAndTheLocalFleetRun() throws Exception {
		assertThat(JarProcess.run("status").exitCode()).isZero();
		Tables.clean(fixture.jdbc());
		RemoteFleetFixture.startOrganisations();
		JarProcess.Result local = JarProcess.run(with(fleet("l", "run")));
		assertThat(local.exitCode()).as(local.output()).isZero();
	}

	@AfterAll
	static void stopSandboxes() {
		RemoteFleetFixture.stopOrganisations();
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

		// and SIGTERM stops an idle worker with exit 0; no log shows the broker's
		// password, kept in the state directory they share
		String password = Files.readString(state().resolve("fleet-broker.password")).strip();
		assertThat(manager.output()).doesNotContain(password);
		first.process().destroy();
		JarProcess.Result stopped = first.await();
		assertThat(stopped.exitCode()).as(stopped.output()).isZero();
		assertThat(stopped.stderr()).contains("Worker stopped").doesNotContain(password);
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
		workerOf(port);
		workerOf(port);
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

	// a worker of the manager's account on this machine: the broker the manager embeds,
	// with the password and certificate of their state directory
	private JarProcess.Running worker(int port) throws IOException {
		JarProcess.Running worker = JarProcess
			.startJar(with(List.of("worker", "--zoho.fleet.embedded-broker-port=" + port, "--zoho.state-dir=" + state(),
					"--zoho.fleet.concurrency=1")));
		this.processes.add(worker);
		return worker;
	}

	// a worker of a broker of the platform's, with credentials as a production broker
	// wants them (the test's broker takes any)
	private JarProcess.Running workerOf(int port) throws IOException {
		JarProcess.Running worker = JarProcess.startJar(with(List.of("worker",
				"--spring.artemis.broker-url=tcp://127.0.0.1:" + port, "--spring.artemis.user=zoho-batch",
				"--spring.artemis.password=" + BROKER_PASSWORD, "--zoho.fleet.concurrency=1")));
		this.processes.add(worker);
		return worker;
	}

	private Path state() {
		return this.directory.resolve("state");
	}

	private JarProcess.Result manager(String prefix, int port, Path summary) throws Exception {
		JarProcess.Running manager = JarProcess.startJar(with(managerArgs(prefix, port, summary)));
		this.processes.add(manager);
		return manager.await();
	}

	private List<String> managerArgs(String prefix, int port, Path summary) {
		List<String> args = new ArrayList<>(fleet(prefix, "run"));
		args.addAll(List.of("--remote", "--summary-file", summary.toString(), "--zoho.state-dir=" + state(),
				"--zoho.fleet.embedded-broker-port=" + port, "--zoho.fleet.worker-timeout=3s"));
		return args;
	}

}
