package io.github.zohousersbatch.cli;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.reporting.SnowSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} streams: the packaged jar exports 100,000 active users under a heap of
 * 48 MB, and a Snow file of 100,000 users under 64 MB, in which holding them all would
 * not fit (measured: reading every row at once fails there with an OutOfMemoryError).
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
	void aHundredThousandUsersGoToSnowWithinASmallHeapInAValidFile() throws Exception {
		// given: a completed run that read 100,000 users, a third of them disabled
		Tables.clean(this.jdbc);
		this.jdbc
			.sql("""
					insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id, connection_name,
					    started_at, ended_at, users_read, users_active, users_filtered, users_deactivated)
					values (7, 7, 7, 'large', now(), now(), ?, 0, 0, 0)
					""")
			.param(USERS)
			.update();
		this.jdbc.sql("""
				insert into zoho_licence_count (job_instance_id, connection_name, licences_purchased, licences_used,
				    licences_available, fetched_at)
				values (7, 'large', 70000, 66667, 3333, now())
				""").update();
		this.jdbc.sql("""
				insert into zoho_user_staging (job_instance_id, connection_name, zoho_user_id, read_pass, page, active,
				    status, confirmed, email, full_name, zoho_created_time, user_type)
				select 7, 'large', (5550868000000000000 + i)::text, 1, 1 + i / 200, i % 3 <> 0,
				    case when i % 3 = 0 then 'disabled' else 'active' end, true, 'user' || i || '@zylker.com',
				    'User "' || i || '" Ærø', now(), 'Regular User'
				from generate_series(1, ?) i
				""").param(USERS).update();
		Path file = this.directory.resolve("zoho-crm.json");

		// when
		long started = System.nanoTime();
		JarProcess.Result export = JarProcess.runWithJavaOptions("-Xmx64m", "export", "--format", "snow",
				"--connection", "large", "--output", file.toString());
		long millis = (System.nanoTime() - started) / 1_000_000;

		// then
		assertThat(export.exitCode()).as(export.stderr()).isZero();
		assertThat(export.stderr()).contains("Exported run 7 of connection 'large' for Snow: " + USERS + " users, "
				+ (USERS - USERS / 3) + " billable");
		JsonNode document = SnowSchema.read(file);
		assertThat(SnowSchema.errors(document)).isEmpty();
		assertThat(document.get("Users").size()).isEqualTo(USERS);
		assertThat(document.get("Subscriptions").get(0).get("UserIds").size()).isEqualTo(USERS - USERS / 3);
		System.out.printf("export of %,d users for Snow under -Xmx64m: %,d ms for the whole process, %,d bytes%n",
				USERS, millis, Files.size(file));
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
