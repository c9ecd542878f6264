package io.github.zohousersbatch.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fresh planner statistics of a table a run has just written in bulk, and the space of
 * rows it has just deleted in bulk, without making runs queue behind one another's
 * {@code ANALYZE} or {@code VACUUM}.
 * <p>
 * A run that wrote {@code rows} rows into a table analyzes it when they are a bulk: at
 * least {@value #BULK} rows, and at least a tenth of the rows PostgreSQL's statistics
 * count in the table (statistics taken when the table held far fewer rows, or none, make
 * the planner join a whole organisation by nested loop). Otherwise the statistics still
 * describe the table well enough, and autovacuum refreshes them in its own time.
 * <p>
 * {@code ANALYZE} takes a lock that conflicts with itself, so the runs of a fleet that
 * analyzed the same table at once would wait for one another, each analysis sampling the
 * whole table again. A run takes that lock first and decides once it holds it: when two
 * analyses ended while it waited, the second began after its rows were committed and
 * counted them, and the run goes on without a third.
 */
@Component
class PlannerStatistics {

	/** Fewer rows than this never make a plan go wrong enough to matter. */
	static final int BULK = 1000;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	PlannerStatistics(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Analyzes {@code table} if {@code rows} written into it are a bulk for what its
	 * statistics count, in a transaction of its own (to be called outside the run's
	 * transactions, so that the lock is not held through them).
	 * @return whether the table was analyzed
	 */
	boolean refresh(Table table, long rows) {
		if (!isBulk(rows, counted(table))) {
			return false;
		}
		long analysesBefore = analyses(table);
		return Boolean.TRUE.equals(this.transactions.execute(status -> {
			this.jdbc.sql("lock table " + table.sqlName() + " in share update exclusive mode").update();
			// analyses hold this lock one after another: of two that ended since this run
			// read the count, the second began after it, with this run's rows committed
			if (analyses(table) >= analysesBefore + 2 || !isBulk(rows, counted(table))) {
				return false;
			}
			this.jdbc.sql("analyze " + table.sqlName()).update();
			return true;
		}));
	}

	/**
	 * Vacuums {@code table} after {@code rows} were deleted from it, when they are a bulk
	 * for what its statistics count (a run forgets the whole organisation its previous
	 * run staged): the dead rows are reused by the next run instead of growing the table
	 * by an organisation per run until autovacuum comes, or for ever where it is off.
	 * Skipped, without waiting, while another session vacuums or analyzes the table (a
	 * fleet's other run: the next bulk vacuums). To be called outside a transaction.
	 * @return whether the table was vacuumed
	 */
	boolean reclaim(Table table, long rows) {
		if (!isBulk(rows, counted(table))) {
			return false;
		}
		long before = vacuums(table);
		this.jdbc.sql("vacuum (skip_locked) " + table.sqlName()).update();
		return vacuums(table) > before;
	}

	static boolean isBulk(long rows, double counted) {
		return rows >= BULK && rows >= Math.max(counted, 0) / 10;
	}

	// pg_class is updated in place by ANALYZE: what another session's analysis counted
	// is seen at once, not at the end of its transaction
	private double counted(Table table) {
		// reltuples is -1 for a table never analyzed
		return this.jdbc.sql("select reltuples from pg_class where oid = to_regclass(?)")
			.param(table.sqlName())
			.query(Double.class)
			.optional()
			.orElse(-1.0);
	}

	// ANALYZE counts itself at once (PostgreSQL 15 and later; earlier ones a moment
	// later,
	// which only makes a run analyze once more). A transaction keeps the statistics it
	// read first: the transaction that locks reads them only once it holds the lock
	private long analyses(Table table) {
		return activity(table, "analyze_count + autoanalyze_count");
	}

	private long vacuums(Table table) {
		return activity(table, "vacuum_count + autovacuum_count");
	}

	private long activity(Table table, String counters) {
		return this.jdbc.sql("select " + counters + " from pg_stat_user_tables where relid = to_regclass(?)")
			.param(table.sqlName())
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/** The tables a run writes in bulk. */
	enum Table {

		STAGING("zoho_user_staging"), AGGREGATION("zoho_user_aggregation"), CHANGES("zoho_user_change");

		private final String sqlName;

		Table(String sqlName) {
			this.sqlName = sqlName;
		}

		String sqlName() {
			return this.sqlName;
		}

	}

}
