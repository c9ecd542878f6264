package io.github.zohousersbatch.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's lock cannot be lost unnoticed: when the database session holding it
 * ends during a run and another process takes the lock, the run does not reconcile.
 */
@ZohoBatchTest
class ConnectionLockFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	DataSource dataSource;

	@Test
	void aRunWhoseLockSessionEndedDoesNotReconcileWhileAnotherHoldsTheLock() throws Exception {
		// given: while the run asks Zoho for its count of users (before its first page),
		// the database ends the session holding the run's lock (an idle timeout, a
		// failover), and another process takes the lock
		this.fixture.authorized("test");
		GeneratedUsers organisation = new GeneratedUsers(20, 5);
		organisation.stub(this.fixture.zoho(), 0);
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count"))
				.willReturn(okJson("{\"count\":20}").withTransformers("test-hook")));
		try (Connection otherProcess = this.dataSource.getConnection()) {
			ZohoWireMock.whenAnswering(() -> {
				this.fixture.jdbc()
					.sql("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted "
							+ "and classid = 23125 and objid = (hashtext('test')::int8 & 4294967295)::oid")
					.query()
					.listOfRows();
				takeLock(otherProcess);
			});

			// when
			JobExecution execution = this.jobRuns.run("test");

			// then: nothing reconciled, what was read is kept for the restart
			assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(execution.getExitStatus().getExitDescription())
				.contains("reconcileUsers: This process no " + "longer holds the lock of connection 'test'")
				.contains("Nothing was reconciled");
			assertThat(this.fixture.activeIds("test")).isEmpty();
			assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
				.isZero();
			assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single())
				.isEqualTo(20L);
		}

		// when: the other process has ended, the run is restarted
		ZohoWireMock.whenAnswering(() -> {
		});
		JobExecution restarted = this.jobRuns.restartLastFailed("test", false).orElseThrow();

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(organisation.activeIds());
	}

	private static void takeLock(Connection session) {
		try (PreparedStatement statement = session
			.prepareStatement("select pg_try_advisory_lock(23125, hashtext('test'))");
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			assertThat(rs.getBoolean(1)).as("the other process takes the lock").isTrue();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
