package io.github.zohousersbatch.users;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoUsersListing;
import io.github.zohousersbatch.job.JobRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unchanged user costs no write: a run in which Zoho changed nothing leaves no new row
 * version in {@code zoho_user_aggregation}, so that daily runs neither bloat the table
 * nor its indexes, while the views still say when each user was last seen.
 */
@ZohoBatchTest
class SteadyStateWritesFunctionalTests {

	static final int USERS = 2_000;

	static final int RUNS = 30;

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	UserChanges changes;

	@Autowired
	UserAggregation aggregation;

	@BeforeEach
	void authorized() {
		this.fixture.authorized("test");
	}

	@Test
	void aRunInWhichNothingChangedWritesNoRowAndTheViewsStillSayWhenUsersWereLastSeen() throws Exception {
		// given
		run(ZohoUsersListing.fromFixtures());
		List<String> versions = rowVersions();

		// when
		long second = run(ZohoUsersListing.fromFixtures());

		// then: not one row written, yet every active user was last seen by the second
		// run
		assertThat(rowVersions()).hasSize(10).isEqualTo(versions);
		OffsetDateTime secondEnded = ended(second);
		assertThat(this.jdbc.sql("select last_seen_at, last_job_instance_id from zoho_active_users")
			.query((rs, row) -> List.of(rs.getObject(1, OffsetDateTime.class), rs.getLong(2)))
			.list()).hasSize(10).containsOnly(List.of(secondEnded, second));
		assertThat(this.jdbc.sql("select last_seen_at from zoho_user_state where active")
			.query(OffsetDateTime.class)
			.list()).hasSize(10).containsOnly(secondEnded);

		// when: Patricia leaves, Jane's email changes
		long third = run(ZohoUsersListing.fromFixtures()
			.set("225013", "status", "disabled")
			.set("227013", "email", "jane.new@zylker.example"));

		// then: two rows written; Patricia was last seen by the second run, for good
		List<String> after = rowVersions();
		after.removeAll(versions);
		assertThat(after).hasSize(2)
			.allSatisfy(version -> assertThat(version).containsAnyOf("4150868000000225013", "4150868000000227013"));
		Map<String, Object> patricia = this.jdbc
			.sql("select last_seen_at, deactivated_at from zoho_user_state where zoho_user_id = '4150868000000225013'")
			.query()
			.singleRow();
		assertThat(patricia.get("last_seen_at")).isEqualTo(java.sql.Timestamp.from(secondEnded.toInstant()));
		assertThat(this.jdbc
			.sql("select last_job_instance_id from zoho_user_aggregation where zoho_user_id = '4150868000000225013'")
			.query(Long.class)
			.single()).isEqualTo(second);
		assertThat(
				this.jdbc.sql("select distinct last_job_instance_id from zoho_active_users").query(Long.class).list())
			.containsExactly(third);
	}

	@Test
	void thirtyRunsOfUnchangedUsersLeaveTheTableAndItsIndexesAsLargeAsTheFirst() {
		// given
		reconcile(1);
		long first = size();

		// when
		for (int run = 2; run <= RUNS; run++) {
			reconcile(run);
		}

		// then
		assertThat(this.jdbc.sql("select count(*) from zoho_user_aggregation where active").query(Long.class).single())
			.isEqualTo(USERS);
		assertThat(size()).as("bytes after %d runs, %d after the first", RUNS, first)
			.isLessThanOrEqualTo(first + first / 10);
	}

	// what reconciliation does with a run that read the same users as every other
	private void reconcile(long run) {
		this.jdbc.sql("""
				insert into zoho_user_staging (job_instance_id, zoho_user_id, connection_name, read_pass, page, active,
				    status, email, full_name, first_name, last_name, role_id, role_name, profile_id, profile_name)
				select :run, (6660868000000000000 + i)::text, 'bench', 1, i / 200 + 1, true, 'active',
				    'user' || i || '@zylker.example', 'User Number ' || i, 'User', 'Number ' || i,
				    '6660868000000026008', 'Manager', '6660868000000026014', 'Standard'
				from generate_series(1, :users) i
				""").param("run", run).param("users", USERS).update();
		this.transactions.executeWithoutResult(status -> {
			this.changes.record("bench", run, 1);
			this.aggregation.apply("bench", run, 1);
		});
		this.jdbc.sql("delete from zoho_user_staging where job_instance_id = ?").param(run).update();
	}

	private long size() {
		return this.jdbc.sql("select pg_total_relation_size('zoho_user_aggregation')").query(Long.class).single();
	}

	// every row of the aggregation as its id, transaction and physical place
	private List<String> rowVersions() {
		return new java.util.ArrayList<>(this.jdbc
			.sql("select zoho_user_id || ' ' || xmin || ' ' || ctid from zoho_user_aggregation order by zoho_user_id")
			.query(String.class)
			.list());
	}

	private OffsetDateTime ended(long run) {
		return this.jdbc.sql("select ended_at from zoho_aggregation_run where job_instance_id = ?")
			.param(run)
			.query(OffsetDateTime.class)
			.single();
	}

	private long run(ZohoUsersListing listing) throws Exception {
		listing.stub(this.fixture);
		JobExecution execution = this.jobRuns.run("test");
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		return execution.getJobInstance().getInstanceId();
	}

}
