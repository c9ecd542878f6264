package io.github.zohousersbatch.users;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.ZohoBatchTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows per second of the job's writes: the chunk write into {@code zoho_user_staging} as
 * the job does it (one {@code insert ... select from unnest(arrays)} statement and one
 * transaction per chunk of 200), measured inserting 100,000 new rows and then writing
 * them all again (a second pass), and the reconciliation that applies them to
 * {@code zoho_user_aggregation} (the changes recorded, then applied), measured for a
 * first run (all new: 100,000 joiners) and a second run (all known, nothing changed).
 */
@ZohoBatchTest
class UpsertBenchmark {

	static final int ROWS = 100_000;

	static final int CHUNK = 200;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	UserStaging staging;

	@Autowired
	UserAggregation aggregation;

	@Autowired
	UserChanges changes;

	@Test
	void writeThroughput() {
		List<List<UserEntry>> chunks = chunks();
		System.out.printf("%-44s %12s%n", "write (100,000 rows, chunks of 200)", "rows/s");
		System.out.printf("%-44s %12d%n", "stage, new rows", stage(chunks, 1));
		System.out.printf("%-44s %12d%n", "stage, the same rows again (pass 2)", stage(chunks, 2));
		System.out.printf("%-44s %12d%n", "apply to the aggregation, first run", apply(2));
		System.out.printf("%-44s %12d%n", "apply to the aggregation, second run", apply(2));
		assertThat(this.jdbc.queryForObject("select count(*) from zoho_user_aggregation where active", Long.class))
			.isEqualTo(ROWS);
	}

	private long stage(List<List<UserEntry>> chunks, int pass) {
		long started = System.nanoTime();
		for (List<UserEntry> chunk : chunks) {
			List<UserEntry> inPass = chunk.stream().map(entry -> entry.inPass(pass)).toList();
			this.transactions.executeWithoutResult(status -> this.staging.stage("bench", 1L, inPass));
		}
		return Math.round(ROWS / ((System.nanoTime() - started) / 1e9));
	}

	private long apply(int pass) {
		long started = System.nanoTime();
		// as reconciliation does it: the changes recorded, then applied
		this.transactions.executeWithoutResult(status -> {
			this.changes.record("bench", 1L, pass);
			this.aggregation.apply("bench", 1L, pass);
		});
		return Math.round(ROWS / ((System.nanoTime() - started) / 1e9));
	}

	private static List<List<UserEntry>> chunks() {
		List<List<UserEntry>> chunks = new ArrayList<>();
		OffsetDateTime created = OffsetDateTime.parse("2021-03-01T10:00:00+05:30");
		for (int from = 0; from < ROWS; from += CHUNK) {
			List<UserEntry> chunk = new ArrayList<>();
			for (int i = from; i < from + CHUNK; i++) {
				chunk.add(UserEntry.usable(1 + i / CHUNK,
						new ZohoUser(Long.toString(6660868000000000000L + i), "user" + i + "@zylker.example",
								"User Number " + i, "User", "Number " + i, "active", i % 5 != 0, "6660868000000026008",
								"Manager", "6660868000000026014", "Standard", "Europe/Paris", created.plusMinutes(i),
								created.plusDays(30).plusMinutes(i)),
						List.of()));
			}
			chunks.add(chunk);
		}
		return chunks;
	}

}
