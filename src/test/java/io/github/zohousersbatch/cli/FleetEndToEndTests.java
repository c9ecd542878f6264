package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet process killed with SIGKILL in the middle of its run, over four organisations
 * on sandboxes of their own: {@code restart --last-failed --all} finishes only what was
 * unfinished, makes no Zoho call for the connections that had completed, and leaves the
 * tables an uninterrupted fleet run leaves.
 */
class FleetEndToEndTests {

	static final List<String> ORGANISATIONS = List.of("alpha", "beta", "gamma", "delta");

	final ZohoFixture fixture = ZohoFixture.forProcesses(TestDatabase.dataSource());

	final Map<String, ZohoSandbox> sandboxes = new LinkedHashMap<>();

	@BeforeAll
	static void migrateSchema() throws Exception {
		assertThat(JarProcess.run("status").exitCode()).isZero();
	}

	@BeforeEach
	void fourAuthorizedOrganisations() {
		Tables.clean(this.fixture.jdbc());
		// 100 users, 20 pages of 5, each request 100 ms
		for (String name : ORGANISATIONS) {
			ZohoSandbox sandbox = ZohoSandbox.start(100, Duration.ofMillis(100));
			this.sandboxes.put(name, sandbox);
		}
		for (String name : ORGANISATIONS) {
			JarProcess.Result authorized = JarProcess.inProcess(arguments("authorize", "--connection", name, "--client",
					name + "-client", "--code", this.sandboxes.get(name).issueGrantCode()));
			assertThat(authorized.exitCode()).as(authorized.output()).isZero();
		}
	}

	@AfterEach
	void stopSandboxes() {
		this.sandboxes.values().forEach(ZohoSandbox::close);
	}

	@Test
	void killedFleetRestartedFinishesOnlyTheUnfinishedConnectionsWithTheTablesOfAnUninterruptedRun() throws Exception {
		// given: a fleet run killed once a connection has completed and another is half
		// way
		JarProcess.Running fleet = JarProcess.startJar(arguments("run", "--connection", "alpha", "--connection", "beta",
				"--connection", "gamma", "--connection", "delta", "--zoho.fleet.concurrency=2"));
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> (completedRuns() >= 1 && halfWayRuns() >= 1) || !fleet.process().isAlive());
		assertThat(fleet.process().isAlive()).as("the fleet was still running").isTrue();
		fleet.kill();
		List<String> completedBefore = completedConnections();
		assertThat(completedBefore).isNotEmpty().hasSizeLessThan(ORGANISATIONS.size());
		Map<String, Integer> requestsBefore = usersRequests();

		// when
		JarProcess.Result restart = JarProcess.run(arguments("restart", "--last-failed", "--all"));

		// then: every connection completed, those that had made no Zoho call
		assertThat(restart.exitCode()).as(restart.output()).isZero();
		assertThat(restart.stdout()).contains("4 of 4 connections completed");
		for (String connection : completedBefore) {
			assertThat(requests(this.sandboxes.get(connection))).as(connection)
				.isEqualTo(requestsBefore.get(connection));
		}
		assertThat(this.fixture.jdbc()
			.sql("select status, exit_message from batch_job_execution e join batch_job_instance i "
					+ "on i.job_instance_id = e.job_instance_id where i.job_name = 'zohoFleetJob' "
					+ "order by e.job_execution_id")
			.query((rs, row) -> rs.getString(1) + ": " + rs.getString(2))
			.list()).hasSize(2).first().asString().startsWith("FAILED: ").contains("ended without finishing it");
		Map<String, List<String>> afterRestart = tables();
		for (String connection : ORGANISATIONS) {
			assertThat(activeCount(connection)).as(connection)
				.isEqualTo(this.sandboxes.get(connection).users().activeCount());
		}

		// and: an uninterrupted fleet run of the same organisations leaves the same
		// tables
		JarProcess.Result uninterrupted = JarProcess.run(arguments("run", "--connection", "alpha", "--connection",
				"beta", "--connection", "gamma", "--connection", "delta"));
		assertThat(uninterrupted.exitCode()).as(uninterrupted.output()).isZero();
		assertThat(tables()).isEqualTo(afterRestart);
	}

	private long completedRuns() {
		return this.fixture.jdbc()
			.sql("select count(*) from batch_job_execution e join batch_job_instance i "
					+ "on i.job_instance_id = e.job_instance_id "
					+ "where i.job_name = 'zohoActiveUsersJob' and e.status = 'COMPLETED'")
			.query(Long.class)
			.single();
	}

	// a connection's run with at least two pages committed, still under way
	private long halfWayRuns() {
		return this.fixture.jdbc()
			.sql("select count(*) from batch_step_execution where step_name = 'aggregateUsers' "
					+ "and status = 'STARTED' and commit_count >= 2")
			.query(Long.class)
			.single();
	}

	private List<String> completedConnections() {
		return this.fixture.jdbc()
			.sql("select connection_name from zoho_aggregation_run order by 1")
			.query(String.class)
			.list();
	}

	private long activeCount(String connection) {
		return this.fixture.jdbc()
			.sql("select count(*) from zoho_active_users where connection_name = ?")
			.param(connection)
			.query(Long.class)
			.single();
	}

	private Map<String, Integer> usersRequests() {
		Map<String, Integer> requests = new LinkedHashMap<>();
		this.sandboxes.forEach((name, sandbox) -> requests.put(name, requests(sandbox)));
		return requests;
	}

	// users and token requests
	private static int requests(ZohoSandbox sandbox) {
		return sandbox.usersRequests() + sandbox.tokenRequests();
	}

	// every connection's aggregated users, all columns but the times and ids of the run
	private Map<String, List<String>> tables() {
		Map<String, List<String>> tables = new LinkedHashMap<>();
		for (String connection : ORGANISATIONS) {
			tables.put(connection,
					this.fixture.jdbc()
						.sql("select concat_ws('|', " + ReliabilityEndToEndTests.COLUMNS
								+ ") from zoho_user_aggregation where connection_name = ? order by zoho_user_id")
						.param(connection)
						.query(String.class)
						.list());
		}
		return tables;
	}

	// the command with every sandbox's client configured
	private String[] arguments(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		this.sandboxes.forEach((name, sandbox) -> {
			all.add("--zoho.clients." + name + "-client.client-id=" + sandbox.clientId());
			all.add("--zoho.clients." + name + "-client.client-secret=" + sandbox.clientSecret());
			all.add("--zoho.clients." + name + "-client.accounts-url=" + sandbox.baseUrl());
		});
		return all.toArray(String[]::new);
	}

}
