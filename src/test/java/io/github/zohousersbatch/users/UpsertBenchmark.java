package io.github.zohousersbatch.users;

import java.io.StringReader;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.zohousersbatch.ZohoBatchTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows per second of the aggregation upsert, chunk by chunk as the job writes (one transaction per chunk of
 * 200), for three ways of sending a chunk: the writer's single {@code insert ... select from unnest(arrays)}
 * statement, a JDBC batch of one statement per row, and COPY into a temporary table followed by one
 * {@code insert ... select}. Each is measured inserting 100,000 new rows, then updating them all.
 */
@ZohoBatchTest
class UpsertBenchmark {

	static final int ROWS = 100_000;

	static final int CHUNK = 200;

	static final String UPSERT_FROM_STAGE = """
			insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, first_name, last_name,
			    status, confirmed, role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time,
			    zoho_modified_time, active, first_seen_at, last_seen_at, deactivated_at, last_job_instance_id)
			select ?, id, email, full_name, first_name, last_name, status, confirmed, role_id, role_name, profile_id,
			    profile_name, time_zone, created, modified, true, now(), now(), null, ?
			from user_stage
			on conflict (connection_name, zoho_user_id) do update set
			    email = excluded.email, full_name = excluded.full_name, first_name = excluded.first_name,
			    last_name = excluded.last_name, status = excluded.status, confirmed = excluded.confirmed,
			    role_id = excluded.role_id, role_name = excluded.role_name, profile_id = excluded.profile_id,
			    profile_name = excluded.profile_name, time_zone = excluded.time_zone,
			    zoho_created_time = excluded.zoho_created_time, zoho_modified_time = excluded.zoho_modified_time,
			    active = true, last_seen_at = excluded.last_seen_at, deactivated_at = null,
			    last_job_instance_id = excluded.last_job_instance_id
			""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void upsertThroughput() {
		List<Chunk<ZohoUser>> chunks = chunks();
		System.out.printf("%-32s %12s %12s%n", "method (100,000 rows, chunks of 200)", "insert rows/s", "update rows/s");
		report("unnest arrays, one statement", chunks, this::unnest);
		report("JDBC batch, one row each", chunks, this::batch);
		report("COPY to temp table + insert", chunks, this::copy);
	}

	private void report(String method, List<Chunk<ZohoUser>> chunks, Consumer<Chunk<ZohoUser>> writer) {
		this.jdbc.update("truncate zoho_user_aggregation");
		long inserted = measure(chunks, writer);
		long updated = measure(chunks, writer);
		assertThat(this.jdbc.queryForObject("select count(*) from zoho_user_aggregation", Long.class)).isEqualTo(ROWS);
		System.out.printf("%-32s %12d %12d%n", method, inserted, updated);
	}

	private long measure(List<Chunk<ZohoUser>> chunks, Consumer<Chunk<ZohoUser>> writer) {
		long started = System.nanoTime();
		for (Chunk<ZohoUser> chunk : chunks) {
			this.transactions.executeWithoutResult(status -> writer.accept(chunk));
		}
		return Math.round(ROWS / ((System.nanoTime() - started) / 1e9));
	}

	private void unnest(Chunk<ZohoUser> chunk) {
		new UserAggregationWriter(this.jdbc, "bench", 1L).write(chunk);
	}

	private void batch(Chunk<ZohoUser> chunk) {
		String sql = UPSERT_FROM_STAGE.substring(0, UPSERT_FROM_STAGE.indexOf("select"))
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, true, now(), now(), null, ?)\n"
				+ UPSERT_FROM_STAGE.substring(UPSERT_FROM_STAGE.indexOf("on conflict"));
		List<Object[]> rows = new ArrayList<>();
		for (ZohoUser u : chunk) {
			rows.add(new Object[] { "bench", u.id(), u.email(), u.fullName(), u.firstName(), u.lastName(), u.status(),
					u.confirmed(), u.roleId(), u.roleName(), u.profileId(), u.profileName(), u.timeZone(),
					u.createdTime().toString(), u.modifiedTime().toString(), 1L });
		}
		this.jdbc.batchUpdate(sql, rows);
	}

	private void copy(Chunk<ZohoUser> chunk) {
		this.jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (var statement = connection.createStatement()) {
				statement.execute("create temp table if not exists user_stage (id text, email text, full_name text, "
						+ "first_name text, last_name text, status text, confirmed boolean, role_id text, role_name text, "
						+ "profile_id text, profile_name text, time_zone text, created timestamptz, modified timestamptz) "
						+ "on commit delete rows");
			}
			copyRows(connection, chunk);
			try (var upsert = connection.prepareStatement(UPSERT_FROM_STAGE)) {
				upsert.setString(1, "bench");
				upsert.setLong(2, 1L);
				upsert.executeUpdate();
			}
			return null;
		});
	}

	private static void copyRows(Connection connection, Chunk<ZohoUser> chunk) throws java.sql.SQLException {
		StringBuilder csv = new StringBuilder();
		for (ZohoUser u : chunk) {
			csv.append(String.join("\t", u.id(), u.email(), u.fullName(), u.firstName(), u.lastName(), u.status(),
					String.valueOf(u.confirmed()), u.roleId(), u.roleName(), u.profileId(), u.profileName(), u.timeZone(),
					u.createdTime().toString(), u.modifiedTime().toString())).append('\n');
		}
		try {
			connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy user_stage from stdin",
					new StringReader(csv.toString()));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static List<Chunk<ZohoUser>> chunks() {
		List<Chunk<ZohoUser>> chunks = new ArrayList<>();
		OffsetDateTime created = OffsetDateTime.parse("2021-03-01T10:00:00+05:30");
		for (int from = 0; from < ROWS; from += CHUNK) {
			Chunk<ZohoUser> chunk = new Chunk<>();
			for (int i = from; i < from + CHUNK; i++) {
				chunk.add(new ZohoUser(Long.toString(6660868000000000000L + i), "user" + i + "@zylker.example",
						"User Number " + i, "User", "Number " + i, "active", i % 5 != 0, "6660868000000026008",
						"Manager", "6660868000000026014", "Standard", "Europe/Paris", created.plusMinutes(i),
						created.plusDays(30).plusMinutes(i)));
			}
			chunks.add(chunk);
		}
		return chunks;
	}

}
