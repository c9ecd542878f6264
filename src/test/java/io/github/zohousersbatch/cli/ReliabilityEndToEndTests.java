package io.github.zohousersbatch.cli;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real job processes killed, raced and stopped by other processes, against WireMock and a
 * real PostgreSQL.
 */
class ReliabilityEndToEndTests {

	static final GeneratedUsers ORGANISATION = new GeneratedUsers(60, 5);

	static final String COLUMNS = "zoho_user_id, email, full_name, first_name, last_name, status, confirmed, role_id, "
			+ "role_name, profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time, active";

	final PGSimpleDataSource dataSource = TestDatabase.dataSource();

	final ZohoFixture fixture = ZohoFixture.forProcesses(this.dataSource);

	@BeforeAll
	static void migrateSchema() throws Exception {
		assertThat(JarProcess.run("status").exitCode()).isZero();
	}

	@BeforeEach
	void authorizedConnections() {
		this.fixture.zoho().resetAll();
		Tables.clean(this.fixture.jdbc());
		this.fixture.authorized("test");
		this.fixture.authorized("other");
	}

	@Test
	void killedThreeTimesAtDifferentPointsThenRestartedEndsWithTheTableOfAnUninterruptedRun() throws Exception {
		// given: 12 pages of 5 users, and three users both connections knew, one of whom
		// left Zoho since;
		// the reference is an uninterrupted run of connection 'other'
		ORGANISATION.stub(this.fixture.zoho(), 100);
		for (String connection : List.of("test", "other")) {
			for (String known : List.of("5550868000009999999", GeneratedUsers.id(0), GeneratedUsers.id(1))) {
				this.fixture.jdbc().sql("""
						insert into zoho_user_aggregation (connection_name, zoho_user_id, email, active, first_seen_at,
						    last_seen_at, last_job_instance_id)
						values (?, ?, 'known@zylker.example', true, now(), now(), 0)
						""").params(connection, known).update();
			}
		}
		assertThat(JarProcess.run("run", "--connection", "other").exitCode()).isZero();

		// kill 1: three chunks committed, Zoho slow on page 4
		ORGANISATION.stubPage(this.fixture.zoho(), 4, 60_000);
		JarProcess.Running first = JarProcess.startJar("run", "--connection", "test");
		awaitNextPage(first, 4);
		first.kill();

		// kill 2: resumed at page 4, eight pages committed, page 9 being fetched
		this.fixture.zoho().resetRequests();
		ORGANISATION.stubPage(this.fixture.zoho(), 4, 100);
		ORGANISATION.stubPage(this.fixture.zoho(), 9, 60_000);
		JarProcess.Running second = JarProcess.startJar("restart", "--last-failed", "--connection", "test");
		awaitNextPage(second, 9);
		second.kill();
		for (int page = 1; page <= 2; page++) {
			assertThat(requested(page)).as("page %d was committed before the first kill", page).isZero();
		}
		assertThat(requested(3)).as("the last committed page, read again to check that the list lines up").isOne();
		assertThat(requested(4)).isOne();

		// kill 3: in the middle of reconciliation (another session holds the row it must
		// deactivate)
		ORGANISATION.stubPage(this.fixture.zoho(), 9, 100);
		try (Connection blocker = this.dataSource.getConnection()) {
			blocker.setAutoCommit(false);
			try (var lock = blocker
				.prepareStatement("select * from zoho_user_aggregation where connection_name = 'test' "
						+ "and zoho_user_id = ? for update")) {
				lock.setString(1, "5550868000009999999");
				lock.executeQuery().close();
			}
			JarProcess.Running third = JarProcess.startJar("restart", "--last-failed", "--connection", "test");
			await().atMost(Duration.ofSeconds(90)).until(() -> reconciliationIsBlocked() || !third.process().isAlive());
			assertThat(third.process().isAlive()).as(() -> output(third)).isTrue();
			third.kill();
			blocker.rollback();
		}
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_aggregation_run where connection_name = 'test'")
			.query(Long.class)
			.single()).isZero();

		// when: the operator restarts once more
		JarProcess.Result last = JarProcess.run("restart", "--last-failed", "--connection", "test");

		// then
		assertThat(last.exitCode()).as(last.output()).isZero();
		assertThat(table("test")).isEqualTo(table("other")).hasSize(ORGANISATION.activeIds().size() + 1);
		assertThat(this.fixture.jdbc()
			.sql("select zoho_user_id from zoho_user_aggregation where connection_name = 'test' and active "
					+ "order by 1")
			.query(String.class)
			.list()).containsExactlyElementsOf(ORGANISATION.activeIds());
		Map<String, Object> run = this.fixture.jdbc()
			.sql("select * from zoho_aggregation_run where connection_name = 'test'")
			.query()
			.singleRow();
		assertThat(run).containsEntry("users_read", 60L)
			.containsEntry("users_active", 45L)
			.containsEntry("users_filtered", 15L)
			.containsEntry("users_deactivated", 1L);
		assertThat(this.fixture.jdbc().sql("""
				select count(*) from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				where p.parameter_name = 'connection' and p.parameter_value = 'test'
				""").query(Long.class).single()).isEqualTo(4L);
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from batch_job_execution where status = 'FAILED' "
					+ "and exit_message like '%ended without finishing it%'")
			.query(Long.class)
			.single()).isEqualTo(3L);
	}

	@Test
	void twoRunsOfOneConnectionAtTheSameMomentRunOnceWhileOtherConnectionsRunInParallel() throws Exception {
		// given: a slow organisation (4 pages, 1.5 s each)
		new GeneratedUsers(20, 5).stub(this.fixture.zoho(), 1500);

		// when
		JarProcess.Running a = JarProcess.startJar("run", "--connection", "test");
		JarProcess.Running b = JarProcess.startJar("run", "--connection", "test");
		JarProcess.Running c = JarProcess.startJar("run", "--connection", "other");
		List<JarProcess.Result> results = List.of(a.await(), b.await(), c.await());

		// then: one of a and b ran, the other exited 5; c ran alongside
		assertThat(List.of(results.get(0).exitCode(), results.get(1).exitCode())).containsExactlyInAnyOrder(0, 5);
		JarProcess.Result refused = (results.get(0).exitCode() == 5) ? results.get(0) : results.get(1);
		assertThat(refused.stderr()).contains("Another execution of connection 'test' is running");
		assertThat(results.get(2).exitCode()).isZero();
		assertThat(this.fixture.jdbc().sql("select count(*) from batch_job_execution").query(Long.class).single())
			.isEqualTo(2L);
		assertThat(this.fixture.jdbc()
			.sql("""
					select count(*) from batch_job_execution x, batch_job_execution y
					where x.job_execution_id < y.job_execution_id and x.start_time < y.end_time and y.start_time < x.end_time
					""")
			.query(Long.class)
			.single()).as("the two executions overlapped").isOne();
	}

	@Test
	void stopFromAnotherProcessEndsTheRunWithExitCodeSixAndRestartFinishesIt() throws Exception {
		// given: Zoho holding page 2 until another process has stopped the run
		ORGANISATION.stub(this.fixture.zoho(), 100);
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2"))
				.willReturn(ORGANISATION.pageResponse(2).withTransformers(ZohoWireMock.Gate.NAME)));
		ZohoWireMock.Gate gate = ZohoWireMock.gate();
		gate.close();
		JarProcess.Result stop;
		JarProcess.Result stopped;
		long executionId;
		try {
			JarProcess.Running running = JarProcess.startJar("run", "--connection", "test");
			awaitCommits("test", 1);
			executionId = this.fixture.jdbc()
				.sql("select max(job_execution_id) from batch_job_execution")
				.query(Long.class)
				.single();

			// when: stopped while page 2 is on its way, which then arrives
			stop = JarProcess.run("stop", String.valueOf(executionId));
			gate.open();
			stopped = running.await();
		}
		finally {
			gate.open();
		}

		// then
		assertThat(stop.exitCode()).as(stop.output()).isZero();
		assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(6);
		assertThat(this.fixture.jdbc()
			.sql("select status, exit_code from batch_job_execution where job_execution_id = ?")
			.param(executionId)
			.query()
			.singleRow()).containsEntry("status", "STOPPED").containsEntry("exit_code", "STOPPED");

		// when
		JarProcess.Result restarted = JarProcess.run("restart", String.valueOf(executionId));

		// then
		assertThat(restarted.exitCode()).as(restarted.output()).isZero();
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_active_users where connection_name = 'test'")
			.query(Long.class)
			.single()).isEqualTo(45L);
	}

	@Test
	void sigtermStopsTheRunAtAChunkBoundaryWithExitCodeSixAndRestartFinishesItWithTheTableOfAnUninterruptedRun()
			throws Exception {
		// given: the reference, an uninterrupted run of connection 'other'; then a run of
		// 'test' with Zoho slow on page 2, one page committed
		ORGANISATION.stub(this.fixture.zoho(), 100);
		assertThat(JarProcess.run("run", "--connection", "other").exitCode()).isZero();
		ORGANISATION.stubPage(this.fixture.zoho(), 2, 3_000);
		JarProcess.Running running = JarProcess.startJar("run", "--connection", "test");
		awaitCommits("test", 1);

		// when: SIGTERM, as Kubernetes sends it on eviction
		running.process().destroy();
		JarProcess.Result stopped = running.await();

		// then
		assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(6);
		Map<String, Object> execution = this.fixture.jdbc()
			.sql("select e.job_execution_id, e.status, e.exit_code, s.status as step_status, s.read_count "
					+ "from batch_job_execution e join batch_step_execution s on s.job_execution_id = e.job_execution_id "
					+ "and s.step_name = 'aggregateUsers' order by e.job_execution_id desc limit 1")
			.query()
			.singleRow();
		assertThat(execution).containsEntry("status", "STOPPED")
			.containsEntry("exit_code", "STOPPED")
			.containsEntry("step_status", "STOPPED");
		assertThat((Long) execution.get("read_count")).as("stopped before the last page").isLessThan(60L);

		// when
		ORGANISATION.stubPage(this.fixture.zoho(), 2, 100);
		JarProcess.Result restarted = JarProcess.run("restart", String.valueOf(execution.get("job_execution_id")));

		// then
		assertThat(restarted.exitCode()).as(restarted.output()).isZero();
		assertThat(table("test")).isEqualTo(table("other")).hasSize(ORGANISATION.activeIds().size());
	}

	@Test
	void aChunkThatOutlastsTheGracePeriodEndsTheProcessAtOnceAndRestartFinishesTheRun() throws Exception {
		// given: Zoho answers page 2 after a minute; the grace period is 1 s
		ORGANISATION.stub(this.fixture.zoho(), 100);
		ORGANISATION.stubPage(this.fixture.zoho(), 2, 60_000);
		JarProcess.Running running = JarProcess.startJar("run", "--connection", "test",
				"--zoho.job.stop-grace-period=1s");
		awaitCommits("test", 1);

		// when
		running.process().destroy();
		JarProcess.Result ended = running.await();

		// then: ended as the signal ends a process; the operator's stop
		// (JobOperator.stop)
		// marked the execution stopped before the chunk ended, and its last commit is
		// where a restart resumes
		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(143);
		assertThat(ended.output()).contains("Exiting at once after the end of zoho.job.stop-grace-period");
		assertThat(this.fixture.jdbc().sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("STOPPED");

		// when
		ORGANISATION.stubPage(this.fixture.zoho(), 2, 100);
		JarProcess.Result restarted = JarProcess.run("restart", "--last-failed", "--connection", "test");

		// then
		assertThat(restarted.exitCode()).as(restarted.output()).isZero();
		assertThat(this.fixture.jdbc()
			.sql("select zoho_user_id from zoho_user_aggregation where connection_name = 'test' and active "
					+ "order by 1")
			.query(String.class)
			.list()).containsExactlyElementsOf(ORGANISATION.activeIds());
	}

	@Test
	void aSecondSignalEndsTheProcessAtOnce() throws Exception {
		// given: Zoho answers page 2 after a minute; SIGTERM once a page is committed
		ORGANISATION.stub(this.fixture.zoho(), 100);
		ORGANISATION.stubPage(this.fixture.zoho(), 2, 60_000);
		JarProcess.Running running = JarProcess.startJar("run", "--connection", "test");
		awaitCommits("test", 1);
		running.process().destroy();
		await().atMost(Duration.ofSeconds(30)).until(() -> output(running).contains("SIGTERM: execution(s)"));
		// a signal within a second of the first is taken for the same one (a process
		// group's Ctrl-C)
		Instant heard = Instant.now();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Duration.between(heard, Instant.now()).compareTo(Duration.ofMillis(1100)) > 0);

		// when
		running.process().destroy();
		JarProcess.Result ended = running.await();

		// then: long before the grace period (25 s) or the page (a minute) ended
		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(143);
		assertThat(ended.output()).contains("Exiting at once after a second signal");
		assertThat(this.fixture.jdbc().sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("STOPPED");
	}

	@Test
	void databaseUnavailableAtStartExitsOneWithAClearMessageAndNoStackTrace() throws Exception {
		JarProcess.Result result = JarProcess.raw(
				JarProcess.javaCommand(
						List.of("run", "--connection", "test",
								"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + TestDatabase.freePort()
										+ "/nowhere",
								"--zoho.secret-key=" + io.github.zohousersbatch.ZohoBatchTest.SECRET_KEY,
								"--zoho.connections.test.client-id=x", "--zoho.connections.test.client-secret=y"),
						false));

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stderr()).contains("PostgreSQL is unavailable").doesNotContain("\tat ");
	}

	// the committed position says the next page to read; the process is then fetching it
	private void awaitNextPage(JarProcess.Running running, int page) {
		await().atMost(Duration.ofSeconds(90))
			.until(() -> nextPageOrZero("test") >= page || !running.process().isAlive());
		assertThat(running.process().isAlive()).as(() -> output(running)).isTrue();
		assertThat(nextPage("test")).isEqualTo(page);
	}

	private int nextPage(String connection) {
		int page = nextPageOrZero(connection);
		assertThat(page).as("committed position of connection %s", connection).isPositive();
		return page;
	}

	private void awaitCommits(String connection, int commits) {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.fixture.jdbc().sql("""
				select coalesce(max(s.commit_count), 0) from batch_step_execution s
				join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
				where s.step_name = 'aggregateUsers' and p.parameter_name = 'connection' and p.parameter_value = ?
				""").param(connection).query(Long.class).single() >= commits);
	}

	private int nextPageOrZero(String connection) {
		String context = this.fixture.jdbc()
			.sql("""
					select c.short_context from batch_step_execution_context c
					join batch_step_execution s on s.step_execution_id = c.step_execution_id and s.step_name = 'aggregateUsers'
					join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
					where p.parameter_name = 'connection' and p.parameter_value = ?
					order by s.step_execution_id desc limit 1
					""")
			.param(connection)
			.query(String.class)
			.optional()
			.orElse("");
		java.util.regex.Matcher page = java.util.regex.Pattern.compile("\"zohoUsersReader.page\":(\\d+)")
			.matcher(context);
		return page.find() ? Integer.parseInt(page.group(1)) : 0;
	}

	private static String output(JarProcess.Running running) {
		try {
			return java.nio.file.Files.readString(running.out()) + java.nio.file.Files.readString(running.err());
		}
		catch (java.io.IOException ex) {
			return ex.toString();
		}
	}

	private int requested(int page) {
		return this.fixture.zoho()
			.findAll(getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page",
					equalTo(String.valueOf(page))))
			.size();
	}

	private boolean reconciliationIsBlocked() {
		return this.fixture.jdbc()
			.sql("select count(*) from pg_stat_activity where application_name = 'zoho-users-batch' "
					+ "and wait_event_type = 'Lock' and query like '%set active = false%'")
			.query(Long.class)
			.single() > 0;
	}

	private List<Map<String, Object>> table(String connection) {
		return this.fixture.jdbc()
			.sql("select " + COLUMNS + " from zoho_user_aggregation where connection_name = ? order by 1")
			.param(connection)
			.query()
			.listOfRows();
	}

}
