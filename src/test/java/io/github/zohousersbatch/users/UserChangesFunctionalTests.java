package io.github.zohousersbatch.users;

import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoUsersListing;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.job.JobRuns;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Joiners, movers and leavers: what each completed run changed against the previous one,
 * in {@code zoho_user_change} and its views, over runs in which Zoho's users were
 * deactivated, removed, moved, reactivated and added, and runs that were restarted.
 */
@ZohoBatchTest
class UserChangesFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@BeforeEach
	void authorized() {
		this.fixture.authorized("test");
	}

	@Test
	void eachRunRecordsWhoJoinedMovedAndLeftAndTheViewsShowIt() throws Exception {
		// given: a first run sees the 10 active users join
		long first = run(ZohoUsersListing.fromFixtures());
		assertThat(kinds(first)).hasSize(10)
			.allSatisfy(change -> assertThat(change.toList().get(1)).isEqualTo("joined"));

		// when: Patricia is disabled, Ines no longer listed, Jane moves to another
		// profile,
		// Amelia to another role, and the disabled Jack becomes active
		long second = run(ZohoUsersListing.fromFixtures()
			.set("225013", "status", "disabled")
			.set("225013", "status_reason__s", "Left the company")
			.remove("240013")
			.move("227013", "profile", "4150868000000026014", "Standard")
			.move("229013", "role", "4150868000000026005", "CEO")
			.set("226013", "status", "active"));

		// then
		assertThat(changes(second)).containsExactly(
				tuple("4150868000000225013", "deactivated", "disabled", "Left the company", null, null),
				tuple("4150868000000226013", "joined", "active", null, null, null),
				tuple("4150868000000240013", "removed", "active", null, null, null),
				tuple("4150868000000227013", "profile_changed", "active", null, "Sales", "Standard"),
				tuple("4150868000000229013", "role_changed", "active", null, "Manager", "CEO"));
		// who they are, as they were when the change was seen
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_user_changes where job_instance_id = ? and email is not null "
					+ "and full_name is not null and run_ended_at is not null")
			.param(second)
			.query(Long.class)
			.single()).isEqualTo(5L);
		Map<String, Object> patricia = state("4150868000000225013");
		assertThat(patricia).containsEntry("active", false)
			.containsEntry("departure", "deactivated")
			.containsEntry("status", "disabled")
			.containsEntry("status_reason", "Left the company")
			.containsEntry("last_change", "deactivated")
			.containsEntry("last_change_job_instance_id", second)
			.containsEntry("consumes_licence", false);
		assertThat(state("4150868000000240013")).containsEntry("departure", "removed")
			.containsEntry("last_change", "removed");
		assertThat(state("4150868000000236013")).containsEntry("last_change", "joined")
			.containsEntry("last_change_job_instance_id", first);
		assertThat(state("4150868000000236013").get("last_change_at")).isNotNull();

		// when: Patricia comes back, Ines stays gone, nothing else changes
		long third = run(ZohoUsersListing.fromFixtures()
			.remove("240013")
			.move("227013", "profile", "4150868000000026014", "Standard")
			.move("229013", "role", "4150868000000026005", "CEO")
			.set("226013", "status", "active"));

		// then: one reactivation, no second removal of Ines
		assertThat(kinds(third)).containsExactly(tuple("4150868000000225013", "reactivated"));
		assertThat(state("4150868000000225013")).containsEntry("active", true)
			.containsEntry("departure", null)
			.containsEntry("status", "active")
			.containsEntry("last_change", "reactivated");
	}

	@Test
	void aDeactivatedUserThatZohoThenNoLongerListsIsRemovedOnce() throws Exception {
		// given: Patricia deactivated by the second run
		run(ZohoUsersListing.fromFixtures());
		run(ZohoUsersListing.fromFixtures().set("225013", "status", "disabled"));

		// when: then deleted in Zoho, over two runs
		long third = run(ZohoUsersListing.fromFixtures().remove("225013"));
		long fourth = run(ZohoUsersListing.fromFixtures().remove("225013"));

		// then
		assertThat(kinds(third)).containsExactly(tuple("4150868000000225013", "removed"));
		assertThat(kinds(fourth)).isEmpty();
		assertThat(this.fixture.jdbc()
			.sql("select users_deactivated from zoho_aggregation_run where job_instance_id = ?")
			.param(third)
			.query(Long.class)
			.single()).as("already inactive: not deactivated again").isZero();
	}

	@Test
	void aRestartedRunRecordsEachChangeOnce() throws Exception {
		// given: the first run, then a second that fails on page 3 after Patricia was
		// disabled
		run(ZohoUsersListing.fromFixtures());
		ZohoUsersListing changed = ZohoUsersListing.fromFixtures().set("225013", "status", "disabled");
		changed.stub(this.fixture);
		this.fixture.stubPage(3, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(kinds(failed.getJobInstance().getInstanceId())).isEmpty();

		// when
		changed.stub(this.fixture);
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(kinds(restarted.getJobInstance().getInstanceId()))
			.containsExactly(tuple("4150868000000225013", "deactivated"));
	}

	@Test
	void aReconciliationThatCommittedBeforeItsProcessDiedIsNotAppliedAgain() throws Exception {
		// given: a completed second run whose process died right after reconciliation
		// committed, before the repository heard of it: the execution and the step left
		// unfinished, as a recovered execution looks
		run(ZohoUsersListing.fromFixtures());
		long second = run(ZohoUsersListing.fromFixtures().set("225013", "status", "disabled"));
		long execution = this.fixture.jdbc()
			.sql("select max(job_execution_id) from batch_job_execution where job_instance_id = ?")
			.param(second)
			.query(Long.class)
			.single();
		this.fixture.jdbc()
			.sql("update batch_job_execution set status = 'FAILED', exit_code = 'FAILED' where job_execution_id = ?")
			.param(execution)
			.update();
		this.fixture.jdbc()
			.sql("update batch_step_execution set status = 'FAILED', exit_code = 'FAILED' "
					+ "where job_execution_id = ? and step_name = 'reconcileUsers'")
			.param(execution)
			.update();
		List<String> activeBefore = this.fixture.activeIds("test");

		// when
		JobExecution restarted = this.jobRuns.restart(execution);

		// then: nothing read again, nothing applied again
		assertThat(restarted.getStatus()).as(restarted.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).isEqualTo(activeBefore).hasSize(9);
		assertThat(kinds(second)).containsExactly(tuple("4150868000000225013", "deactivated"));
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_aggregation_run where job_instance_id = ?")
			.param(second)
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	// a completed run over the listing; its job instance
	private long run(ZohoUsersListing listing) throws Exception {
		listing.stub(this.fixture);
		JobExecution execution = this.jobRuns.run("test");
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		return execution.getJobInstance().getInstanceId();
	}

	// the run's changes from the view: user, change, status, reason, old and new name
	private List<Tuple> changes(long run) {
		return this.fixture.jdbc()
			.sql("""
					select zoho_user_id, change, status, status_reason, old_name, new_name from zoho_user_changes
					where job_instance_id = ?
					order by case change when 'deactivated' then 1 when 'joined' then 2 when 'removed' then 3
					                     when 'profile_changed' then 4 else 5 end, zoho_user_id
					""")
			.param(run)
			.query((rs, row) -> tuple(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6)))
			.list();
	}

	// the run's changes: user and change
	private List<Tuple> kinds(long run) {
		return changes(run).stream().map(change -> tuple(change.toList().get(0), change.toList().get(1))).toList();
	}

	private Map<String, Object> state(String id) {
		return this.fixture.jdbc()
			.sql("select * from zoho_user_state where zoho_user_id = ?")
			.param(id)
			.query()
			.singleRow();
	}

}
