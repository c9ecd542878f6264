package io.github.zohousersbatch.cli;

import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoUsersListing;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.cli.JarProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention through the command line: {@code purge --older-than} and
 * {@code zoho.retention.history} forget old runs but never the latest completed run of a
 * connection, a run a restart could resume, nor a running one;
 * {@code zoho.retention.departed-personal-data} erases the email and names of users who
 * left long ago, keeping ids, dates and counts.
 */
@ZohoBatchTest
class RetentionCommandLineTests {

	@Autowired
	ZohoFixture fixture;

	JdbcClient jdbc;

	@BeforeEach
	void authorized() {
		this.fixture.authorized("test");
		this.jdbc = this.fixture.jdbc();
	}

	@Test
	void purgeForgetsOldRunsButNotTheLatestCompletedNorOneARestartNeedsNorOneRunning() {
		// given: 200 days ago, a completed run, a failed one, a completed one, a failed
		// one
		long first = run(true);
		long second = run(false);
		long third = run(true);
		long fourth = run(false);
		age(List.of(first, second, third, fourth), 200);

		// when
		Result dryRun = cli("purge", "--older-than", "180d", "--dry-run");
		List<Long> afterDryRun = instances();
		Result purge = cli("purge", "--older-than", "180d");

		// then: the third (the latest completed) and the fourth (restartable) stay
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.stdout()).startsWith("Would purge 2 runs that ended more than 180d ago: ")
			.contains("10 changes")
			.contains("1 completed runs");
		assertThat(afterDryRun).containsExactly(first, second, third, fourth);
		assertThat(purge.exitCode()).as(purge.output()).isZero();
		assertThat(purge.stdout()).startsWith("Purged 2 runs that ended more than 180d ago: ");
		assertThat(instances()).containsExactly(third, fourth);
		assertThat(ours("zoho_aggregation_run")).containsExactly(third);
		assertThat(ours("zoho_user_change")).doesNotContain(first);
		assertThat(ours("zoho_licence_count")).doesNotContain(first, second);
		assertThat(count("batch_job_execution e where not exists (select 1 from batch_job_instance i "
				+ "where i.job_instance_id = e.job_instance_id)"))
			.isZero();

		// when: a later run completes, with the history kept 180 days
		long fifth = run(true, "--zoho.retention.history=180d");

		// then: its own run purged the third (no longer the latest completed) and the
		// fourth (a newer run completed: nothing left to restart)
		assertThat(instances()).containsExactly(fifth);
		assertThat(ours("zoho_aggregation_run")).containsExactly(fifth);

		// when: the fifth, 200 days old, looks running while a sixth completes
		age(List.of(fifth), 200);
		long sixth = run(true);
		this.jdbc.sql("update batch_job_execution set status = 'STARTED', end_time = null where job_instance_id = ?")
			.param(fifth)
			.update();
		Result again = cli("purge", "--older-than", "180d");

		// then
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.stdout()).startsWith("Purged 0 runs");
		assertThat(instances()).containsExactly(fifth, sixth);
	}

	@Test
	void aBadDurationIsAUsageError() {
		// when
		Result purge = cli("purge", "--older-than", "six months");
		Result zero = cli("purge", "--older-than", "0d");

		// then
		assertThat(purge.exitCode()).isEqualTo(2);
		assertThat(purge.stderr())
			.contains("Invalid value 'six months' for option --older-than: expected a duration of more than zero "
					+ "such as 30d");
		assertThat(zero.exitCode()).isEqualTo(2);
		assertThat(zero.stderr())
			.contains("Invalid value '0d' for option --older-than: expected a duration of more " + "than zero");
	}

	@Test
	void theEmailAndNamesOfUsersWhoLeftLongAgoAreErasedTheirIdsDatesAndCountsKept() {
		// given: Patricia disabled and Ines removed 100 days ago; Amelia disabled today
		run(true);
		run(ZohoUsersListing.fromFixtures().set("225013", "status", "disabled").remove("240013"));
		this.jdbc
			.sql("update zoho_user_aggregation set deactivated_at = deactivated_at - interval '100 days' "
					+ "where not active")
			.update();
		long changes = count("zoho_user_change");

		// when: a run that changes one more user, with personal data of users who left
		// kept 90 days
		long third = run(ZohoUsersListing.fromFixtures()
			.set("225013", "status", "disabled")
			.remove("240013")
			.set("229013", "status", "disabled"), "--zoho.retention.departed-personal-data=90d");

		// then
		assertThat(this.jdbc.sql("""
				select zoho_user_id, email, full_name, first_name, last_name, deactivated_at is not null, departure
				from zoho_user_aggregation where not active order by zoho_user_id
				""")
			.query((rs, row) -> List.of(String.valueOf(rs.getString(1)), String.valueOf(rs.getString(2)),
					String.valueOf(rs.getString(3)), String.valueOf(rs.getString(4)), String.valueOf(rs.getString(5)),
					String.valueOf(rs.getBoolean(6)), String.valueOf(rs.getString(7))))
			.list())
			.hasSize(3)
			.anySatisfy(row -> assertThat(row).containsExactly("4150868000000225013", "null", "null", "null", "null",
					"true", "deactivated"))
			.anySatisfy(row -> assertThat(row).containsExactly("4150868000000240013", "null", "null", "null", "null",
					"true", "removed"))
			.anySatisfy(row -> assertThat(row.get(0)).isEqualTo("4150868000000229013"))
			.anySatisfy(row -> assertThat(row.get(1)).isNotEqualTo("null"));
		assertThat(count("zoho_user_change where zoho_user_id in ('4150868000000225013', '4150868000000240013') "
				+ "and (email is not null or full_name is not null)"))
			.isZero();
		assertThat(count("zoho_user_change where zoho_user_id in ('4150868000000225013', '4150868000000240013')"))
			.isEqualTo(4);
		assertThat(count("zoho_user_change")).isEqualTo(changes + 1);
		assertThat(count("zoho_user_changes where job_instance_id = " + third + " and email is not null")).isOne();
		assertThat(count("zoho_user_aggregation where active and email is not null and full_name is not null"))
			.isEqualTo(7);
	}

	// a run over the fixtures' users that completes, or fails on page 2; its instance
	private long run(boolean completes, String... properties) {
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		if (!completes) {
			this.fixture.stubPage(2, ZohoWireMock.json(400, "error-internal.json"));
		}
		return instanceOf(completes, properties);
	}

	private long run(ZohoUsersListing listing, String... properties) {
		listing.stub(this.fixture);
		return instanceOf(true, properties);
	}

	private long instanceOf(boolean completes, String... properties) {
		List<String> args = new java.util.ArrayList<>(List.of("run", "--connection", "test"));
		args.addAll(List.of(properties));
		Result run = cli(args.toArray(String[]::new));
		assertThat(run.exitCode()).as(run.output()).isEqualTo(completes ? 0 : 1);
		return this.jdbc.sql("select max(job_instance_id) from batch_job_instance").query(Long.class).single();
	}

	private void age(List<Long> instances, int days) {
		for (long instance : instances) {
			this.jdbc
				.sql("""
						update batch_job_execution set create_time = create_time - :days * interval '1 day',
						    start_time = start_time - :days * interval '1 day', end_time = end_time - :days * interval '1 day'
						where job_instance_id = :instance
						""")
				.paramSource(Map.of("days", days, "instance", instance))
				.update();
		}
	}

	private List<Long> instances() {
		return this.jdbc.sql("select job_instance_id from batch_job_instance order by 1").query(Long.class).list();
	}

	private List<Long> ours(String table) {
		return this.jdbc.sql("select distinct job_instance_id from " + table + " order by 1").query(Long.class).list();
	}

	private long count(String from) {
		return this.jdbc.sql("select count(*) from " + from).query(Long.class).single();
	}

	private static Result cli(String... args) {
		return JarProcess.inProcess(args);
	}

}
