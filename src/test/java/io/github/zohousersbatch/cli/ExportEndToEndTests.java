package io.github.zohousersbatch.cli;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} streams: the packaged jar exports 100,000 active users under a heap of
 * 48 MB, in which holding them all would not fit (measured: reading every row at once
 * fails there with an OutOfMemoryError).
 */
class ExportEndToEndTests {

	static final int USERS = 100_000;

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	@TempDir
	Path directory;

	@BeforeAll
	static void migrateSchema() throws Exception {
		assertThat(JarProcess.run("status").exitCode()).isZero();
	}

	@AfterEach
	void cleanUp() {
		Tables.clean(this.jdbc);
	}

	@Test
	void aHundredThousandUsersExportWithinASmallHeap() throws Exception {
		// given
		Tables.clean(this.jdbc);
		this.jdbc
			.sql("""
					insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, first_name, last_name,
					    status, confirmed, role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time,
					    zoho_modified_time, user_type, zuid, active, first_seen_at, last_seen_at, last_job_instance_id)
					select 'large', (5550868000000000000 + i)::text, 'user' || i || '@zylker.example',
					    'User Number ' || i || ' of a large organisation', 'User', 'Number ' || i, 'active', true,
					    '4150868000000026005', 'Sales Representative', '4150868000000026011', 'Administrator',
					    'Europe/Paris', now(), now(), 'Regular User', (694579958 + i)::text, true, now(), now(), 1
					from generate_series(1, ?) i
					""")
			.param(USERS)
			.update();
		Path file = this.directory.resolve("users.csv");

		// when
		long started = System.nanoTime();
		JarProcess.Result export = JarProcess.runWithJavaOptions("-Xmx48m", "export", "--format", "csv", "--connection",
				"large", "--output", file.toString());
		long millis = (System.nanoTime() - started) / 1_000_000;

		// then
		assertThat(export.exitCode()).as(export.stderr()).isZero();
		assertThat(export.stderr()).contains("Exported " + USERS + " rows to ");
		long lines = 0;
		String last = null;
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines++;
				last = line;
			}
		}
		assertThat(lines).isEqualTo(USERS + 1);
		assertThat(last).startsWith("large,5550868000000100000,user100000@zylker.example,");
		System.out.printf("export of %,d users to CSV under -Xmx48m: %,d ms for the whole process, %,d bytes%n", USERS,
				millis, Files.size(file));
	}

}
