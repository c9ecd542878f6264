package io.github.zohousersbatch.users;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.users.PlannerStatistics.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run analyzes a table it wrote in bulk, not one it added a few rows to, and the runs
 * of a fleet that reach the table together do not each analyze it again.
 */
@ZohoBatchTest
class PlannerStatisticsFunctionalTests {

	// rows of a run that never existed, removed after each test
	static final long INSTANCE = -4_200;

	@Autowired
	PlannerStatistics statistics;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	// autovacuum counts its analyses too: left out while the tests count them
	@BeforeEach
	void withoutAutovacuum() {
		this.jdbc.sql("alter table zoho_user_staging set (autovacuum_enabled = false)").update();
	}

	@AfterEach
	void removeRows() {
		this.jdbc.sql("delete from zoho_user_staging where job_instance_id = ?").param(INSTANCE).update();
		this.jdbc.sql("alter table zoho_user_staging reset (autovacuum_enabled)").update();
	}

	@Test
	void aTableThatWasEmptyWhenAnalyzedIsAnalyzedAfterABulk() {
		// given: statistics that count the table as it is, then a run's bulk
		this.jdbc.sql("analyze zoho_user_staging").update();
		long bulk = PlannerStatistics.BULK + (long) counted();
		stage(bulk);
		long analyses = analyses();

		// when
		boolean analyzed = this.statistics.refresh(Table.STAGING, bulk);

		// then
		assertThat(analyzed).isTrue();
		assertThat(analyses()).isEqualTo(analyses + 1);
		assertThat(counted()).isGreaterThanOrEqualTo(bulk);
	}

	@Test
	void aFewRowsLeaveTheStatisticsToAutovacuum() {
		// given
		this.jdbc.sql("analyze zoho_user_staging").update();
		stage(200);
		long analyses = analyses();

		// when
		boolean analyzed = this.statistics.refresh(Table.STAGING, 200);

		// then
		assertThat(analyzed).isFalse();
		assertThat(analyses()).isEqualTo(analyses);
	}

	@Test
	void runsThatWaitedBehindAnAnalysisAnalyzeOnceMoreBetweenThemNotEach() throws Exception {
		// given: a fleet's eight runs, each with its bulk committed, reaching the table
		// while an analysis holds it
		this.jdbc.sql("analyze zoho_user_staging").update();
		long bulk = PlannerStatistics.BULK + (long) counted();
		stage(bulk);
		long analysesBefore = analyses();
		int runs = 8;
		List<Future<Boolean>> analyzed = new ArrayList<>();
		ExecutorService fleet = Executors.newFixedThreadPool(runs);
		try {
			new TransactionTemplate(this.transactionManager).executeWithoutResult(status -> {
				this.jdbc.sql("lock table zoho_user_staging in share update exclusive mode").update();
				for (int i = 0; i < runs; i++) {
					analyzed.add(fleet.submit(() -> this.statistics.refresh(Table.STAGING, bulk)));
				}
				await().atMost(Duration.ofSeconds(30)).until(this::waitingForTheLock, waiting -> waiting == runs);
				// an analysis that began before the runs read the count
				this.jdbc.sql("analyze zoho_user_staging").update();
			});

			// when: the analysis ends
			long analyzing = 0;
			for (Future<Boolean> run : analyzed) {
				analyzing += run.get() ? 1 : 0;
			}

			// then: it may have missed their rows, so one of them analyzes again; the
			// others find an analysis that began after them
			assertThat(analyzing).isOne();
			assertThat(analyses()).isEqualTo(analysesBefore + 2);
		}
		finally {
			fleet.shutdownNow();
		}
	}

	@Test
	void theRowsOfARunDeletedInBulkAreVacuumed() {
		// given: a run's rows, counted, then deleted as the next run forgets them
		this.jdbc.sql("analyze zoho_user_staging").update();
		long bulk = PlannerStatistics.BULK + (long) counted();
		stage(bulk);
		this.jdbc.sql("analyze zoho_user_staging").update();
		this.jdbc.sql("delete from zoho_user_staging where job_instance_id = ?").param(INSTANCE).update();
		long vacuums = vacuums();

		// when
		boolean vacuumed = this.statistics.reclaim(Table.STAGING, bulk);

		// then
		assertThat(vacuumed).isTrue();
		assertThat(vacuums()).isEqualTo(vacuums + 1);
	}

	@Test
	void aTableAnotherSessionVacuumsOrAnalyzesIsNotWaitedFor() throws Exception {
		// given
		this.jdbc.sql("analyze zoho_user_staging").update();
		long bulk = PlannerStatistics.BULK + (long) counted();
		stage(bulk);
		this.jdbc.sql("delete from zoho_user_staging where job_instance_id = ?").param(INSTANCE).update();
		long vacuums = vacuums();
		ExecutorService run = Executors.newSingleThreadExecutor();
		try {
			new TransactionTemplate(this.transactionManager).executeWithoutResult(status -> {
				this.jdbc.sql("lock table zoho_user_staging in share update exclusive mode").update();

				// when: another run reclaims while the lock is held
				Future<Boolean> vacuumed = run.submit(() -> this.statistics.reclaim(Table.STAGING, bulk));

				// then: it goes on at once, the lock still held
				assertThat(vacuumed).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(false);
			});
			assertThat(vacuums()).isEqualTo(vacuums);
		}
		finally {
			run.shutdownNow();
		}
	}

	@Test
	void aBulkIsAThousandRowsAndATenthOfWhatTheStatisticsCount() {
		assertThat(PlannerStatistics.isBulk(999, -1)).isFalse();
		assertThat(PlannerStatistics.isBulk(1_000, -1)).isTrue();
		assertThat(PlannerStatistics.isBulk(1_000, 0)).isTrue();
		assertThat(PlannerStatistics.isBulk(10_000, 100_000)).isTrue();
		assertThat(PlannerStatistics.isBulk(9_999, 100_000)).isFalse();
	}

	private long waitingForTheLock() {
		return this.jdbc
			.sql("select count(*) from pg_locks where relation = 'zoho_user_staging'::regclass "
					+ "and mode = 'ShareUpdateExclusiveLock' and not granted")
			.query(Long.class)
			.single();
	}

	private void stage(long rows) {
		this.jdbc.sql("""
				insert into zoho_user_staging (job_instance_id, connection_name, zoho_user_id, read_pass, page, active)
				select ?, 'statistics', n::text, 1, 1 + n / 200, true from generate_series(1, ?) n
				""").params(INSTANCE, rows).update();
	}

	private double counted() {
		return this.jdbc.sql("select reltuples from pg_class where oid = 'zoho_user_staging'::regclass")
			.query(Double.class)
			.single();
	}

	private long vacuums() {
		return this.jdbc
			.sql("select vacuum_count + autovacuum_count from pg_stat_user_tables "
					+ "where relid = 'zoho_user_staging'::regclass")
			.query(Long.class)
			.single();
	}

	private long analyses() {
		return this.jdbc
			.sql("select analyze_count + autoanalyze_count from pg_stat_user_tables "
					+ "where relid = 'zoho_user_staging'::regclass")
			.query(Long.class)
			.single();
	}

}
