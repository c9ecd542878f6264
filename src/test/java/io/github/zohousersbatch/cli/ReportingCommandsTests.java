package io.github.zohousersbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoUsersListing;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.cli.JarProcess.Result;
import io.github.zohousersbatch.reporting.SnowSchema;
import io.github.zohousersbatch.reporting.UserExport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.batch.core.job.JobExecution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code licences} and {@code export} through the command line in this JVM, after real
 * runs against Zoho on WireMock: what a person reads, and what a tool that does not speak
 * SQL receives, column for column.
 */
@ZohoBatchTest
class ReportingCommandsTests {

	static final String USERS_HEADER = "connection_name,zoho_user_id,email,full_name,first_name,last_name,status,"
			+ "user_type,consumes_licence,confirmed,profile_id,profile_name,role_id,role_name,zuid,status_reason,"
			+ "time_zone,zoho_created_time,zoho_modified_time,first_seen_at,last_seen_at";

	@Autowired
	ZohoFixture fixture;

	final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@BeforeEach
	void authorizedWithLicences() {
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		this.fixture.zoho()
			.stubFor(get("/crm/v8/__features/user_licenses").willReturn(ZohoWireMock.json("user-licenses.json")
				.withBody(ZohoWireMock.fixture("user-licenses.json")
					.replace("\"used_count\":{\"total\":7}", "\"used_count\":{\"total\":12}"))));
	}

	@Test
	void licencesPrintsZohosCountsBesideOursForAPersonAndForATool() throws Exception {
		// given: Zoho says 12 in use, 10 active Regular Users here
		long run = this.fixture.complete("test", "users-page-", 4).getJobInstance().getInstanceId();

		// when
		Result text = JarProcess.inProcess("licences", "--connection", "test");
		Result json = JarProcess.inProcess("licences", "--format", "json");

		// then
		assertThat(text.exitCode()).isZero();
		assertThat(text.stdout()).contains("PURCHASED  USED (ZOHO)  LICENSED (US)  AVAILABLE")
			.containsPattern("test +" + run + " .* free +10 +12 +10 +3 +10 +Zoho counts 2 more than "
					+ "licence-consuming users \\(see zoho_licence_rule\\)");
		JsonNode usage = this.json.readTree(json.stdout()).get(0);
		assertThat(usage.get("connectionName").asString()).isEqualTo("test");
		assertThat(usage.get("usedByZoho").asInt()).isEqualTo(12);
		assertThat(usage.get("licensedUsers").asLong()).isEqualTo(10);
		assertThat(usage.get("difference").asLong()).isEqualTo(2);
		assertThat(usage.get("agree").asBoolean()).isFalse();
	}

	@Test
	void licencesShowsTheEditionOnTrialBesideTheOnePaidForAndAnEditionWithoutCounts() throws Exception {
		// given: a free organisation on an Enterprise trial, whose edition has no licence
		// counts (Zoho answers 204)
		this.fixture.zoho()
			.stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")
				.withBody(ZohoWireMock.fixture("org.json")
					.replace("2025-12-04T17:26:17+05:30", "2099-12-04T17:26:17+05:30"))));
		this.fixture.zoho().stubFor(get("/crm/v8/__features/user_licenses").willReturn(aResponse().withStatus(204)));
		this.fixture.complete("test", "users-page-", 4);

		// when
		Result text = JarProcess.inProcess("licences", "--connection", "test");

		// then
		assertThat(text.exitCode()).isZero();
		assertThat(text.stdout()).contains("free (trial: enterprise)").contains("no licence counts in this edition");
	}

	@Test
	void exportWritesTheActiveUsersAsCsvInTheDocumentedOrderQuotingOnlyWhereNeeded() throws Exception {
		// given: a name with a comma and quotes
		ZohoUsersListing.fromFixtures().set("225013", "full_name", "Boyle, Patricia \"Pat\"").stub(this.fixture);
		this.fixture.run("test");

		// when
		Result export = JarProcess.inProcess("export", "--format", "csv");

		// then
		assertThat(export.exitCode()).isZero();
		List<String> lines = List.of(export.stdout().split("\r\n", -1));
		assertThat(lines).hasSize(12).last().isEqualTo("");
		assertThat(lines.get(0)).isEqualTo(USERS_HEADER).isEqualTo(String.join(",", UserExport.USER_COLUMNS));
		assertThat(lines.get(1)).startsWith("test,4150868000000225013,patricia.boyle@zylker.com,"
				+ "\"Boyle, Patricia \"\"Pat\"\"\",Patricia,Boyle,active,Regular User,true,true,4150868000000026011,"
				+ "Administrator,4150868000000026005,CEO,694579958,,Asia/Calcutta,2019-08-10T05:51:16Z,");
		assertThat(lines.subList(1, 11)).extracting(line -> line.split(",")[1])
			.containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void exportWritesJsonWithEveryColumnInOrderAndExplicitNulls() throws Exception {
		// given
		this.fixture.complete("test", "users-page-", 4);

		// when
		Result export = JarProcess.inProcess("export", "--format", "json", "--connection", "test");

		// then
		JsonNode users = this.json.readTree(export.stdout());
		assertThat(users.size()).isEqualTo(10);
		List<String> names = new ArrayList<>(users.get(0).propertyNames());
		assertThat(names).isEqualTo(UserExport.USER_COLUMNS);
		assertThat(users.get(0).get("status_reason").isNull()).isTrue();
		assertThat(users.get(0).get("consumes_licence").asBoolean()).isTrue();
		assertThat(users.get(0).get("zoho_user_id").asString()).isEqualTo("4150868000000225013");
		assertThat(export.stdout()).startsWith("[\n{\"connection_name\":\"test\"").endsWith("}\n]\n");
		assertThat(
				this.json.readTree(JarProcess.inProcess("export", "--format", "json", "--connection", "none").stdout())
					.isEmpty())
			.isTrue();
	}

	@Test
	void exportOfARunsChangesWritesWhoJoinedMovedAndLeft() throws Exception {
		// given: a second run in which Patricia is disabled and Jane moves
		this.fixture.complete("test", "users-page-", 4);
		ZohoUsersListing.fromFixtures()
			.set("225013", "status", "disabled")
			.move("227013", "profile", "4150868000000026014", "Standard")
			.stub(this.fixture);
		JobExecution second = this.fixture.run("test");
		Path file = this.directory.resolve("changes.csv");

		// when
		Result export = JarProcess.inProcess("export", "--format", "csv", "--changes",
				String.valueOf(second.getJobInstance().getInstanceId()), "--output", file.toString());

		// then
		assertThat(export.exitCode()).isZero();
		assertThat(export.stderr()).contains("Exported 2 rows to " + file.toAbsolutePath());
		List<String> lines = Files.readAllLines(file);
		assertThat(lines.get(0)).isEqualTo(String.join(",", UserExport.CHANGE_COLUMNS));
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1)).contains(",4150868000000225013,").contains(",deactivated,disabled,");
		assertThat(lines.get(2)).contains(",4150868000000227013,")
			.endsWith(",profile_changed,active,,4150868000000231829,Sales,4150868000000026014,Standard");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(this.directory).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".partial"));
	}

	@Test
	void anExportThatCannotBeDoneLeavesTheOldFileAlone() throws Exception {
		// given
		this.fixture.complete("test", "users-page-", 4);
		Path file = this.directory.resolve("users.csv");
		Files.writeString(file, "yesterday's export");

		// when: a run that does not exist
		Result export = JarProcess.inProcess("export", "--format", "csv", "--changes", "424242", "--output",
				file.toString());

		// then
		assertThat(export.exitCode()).isEqualTo(2);
		assertThat(export.stderr()).contains("No completed run 424242 (see: history)");
		assertThat(file).hasContent("yesterday's export");
		assertThat(this.directory).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".partial"));

		// and a format it does not know is a usage error
		assertThat(JarProcess.inProcess("export", "--format", "xml").exitCode()).isEqualTo(2);
	}

	@Test
	void exportWritesTheLatestCompletedRunAsASnowFileAndNeedsItsConnection() throws Exception {
		// given
		this.fixture.complete("test", "users-page-", 4);
		long latest = this.fixture.complete("test", "users-page-", 4).getJobInstance().getInstanceId();

		// when
		Result snow = JarProcess.inProcess("export", "--format", "snow", "--connection", "test");
		Result withoutConnection = JarProcess.inProcess("export", "--format", "snow");
		Result neverRun = JarProcess.inProcess("export", "--format", "snow", "--connection", "eu");

		// then
		assertThat(snow.exitCode()).as(snow.stderr()).isZero();
		JsonNode document = this.json.readTree(snow.stdout());
		assertThat(SnowSchema.errors(document)).isEmpty();
		assertThat(document.get("Users").size()).isEqualTo(17);
		assertThat(document.get("Subscriptions").get(0).get("UserIds").size()).isEqualTo(10);
		assertThat(snow.stderr())
			.contains("Exported run " + latest + " of connection 'test' for Snow: 17 users, " + "10 billable");
		assertThat(withoutConnection.exitCode()).isEqualTo(2);
		assertThat(withoutConnection.stderr()).contains("give --connection NAME");
		assertThat(neverRun.exitCode()).isEqualTo(2);
		assertThat(neverRun.stderr()).contains("Connection 'eu' has no completed run");
	}

}
