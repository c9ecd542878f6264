package io.github.zohousersbatch.reporting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoUsersListing;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each completed run hands its users over to Snow Integration Manager: a SaaS - Generic
 * file in the connection's folder, valid against Snow's schema, appearing whole under its
 * {@code .json} name, and never for a run that failed or that the guard refused.
 */
@ZohoBatchTest
class SnowHandOffFunctionalTests {

	@TempDir
	static Path snow;

	@Autowired
	ZohoFixture fixture;

	@Autowired
	SnowHandOff handOff;

	@DynamicPropertySource
	static void snowFolder(DynamicPropertyRegistry registry) {
		registry.add("zoho.export.snow.folder", () -> snow.resolve("{connection}").toString());
	}

	@BeforeEach
	void authorizedWithLicences() throws IOException {
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		this.fixture.zoho()
			.stubFor(get("/crm/v8/__features/user_licenses").willReturn(ZohoWireMock.json("user-licenses.json")));
		deleteFolder();
	}

	@Test
	void aCompletedRunHandsEveryUserZohoReturnedOverInSnowsFormat() throws Exception {
		// when
		JobExecution run = this.fixture.complete("test", "users-page-", 4);

		// then: one file, whole, readable by the connector's group
		List<Path> files = files();
		assertThat(files).hasSize(1);
		Path file = files.get(0);
		assertThat(file.getFileName().toString())
			.matches("[0-9]{8}T[0-9]{6}Z-zoho-crm-test-run" + run.getJobInstance().getInstanceId() + "\\.json");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
		JsonNode document = SnowSchema.read(file);
		assertThat(SnowSchema.errors(document)).isEmpty();

		// every user Zoho returned, active or not, its status in Snow's terms
		Map<String, String> statuses = new java.util.TreeMap<>();
		document.get("Users").forEach(user -> statuses.put(user.get("Id").asString(), user.get("Status").asString()));
		assertThat(statuses).hasSize(17)
			.containsEntry("4150868000000225013", "Active")
			.containsEntry("4150868000000238013", "Invited")
			.containsEntry("4150868000000226013", "Disabled")
			.containsEntry("4150868000000228013", "Inactive")
			.containsEntry("4150868000000230013", "Deleted")
			.containsEntry("4150868000000232013", "Deleted")
			.containsEntry("4150868000000234013", "Suspended");
		JsonNode patricia = document.get("Users").get(0);
		assertThat(patricia.get("Email").asString()).isEqualTo("patricia.boyle@zylker.com");
		assertThat(patricia.get("UserName").asString()).isEqualTo("patricia.boyle@zylker.com");
		assertThat(patricia.get("Name").asString()).isEqualTo("Patricia Boyle");
		assertThat(patricia.get("Registration").asString()).isEqualTo("2019-08-10T05:51:16");
		assertThat(patricia.has("LastActivity")).isFalse();

		// the edition's subscription: Zoho's licence counts, the users that consume one
		JsonNode subscription = document.get("Subscriptions").get(0);
		assertThat(document.get("Subscriptions")).hasSize(1);
		assertThat(subscription.get("Id").asString()).startsWith("zoho-crm:").endsWith(":enterprise trial");
		assertThat(subscription.get("UserCap").asInt()).isEqualTo(10);
		assertThat(subscription.get("AvailableSeats").asInt()).isEqualTo(3);
		assertThat(subscription.get("MeteringTypes").asString()).isEqualTo("PerUser");
		List<String> billable = new ArrayList<>();
		subscription.get("UserIds").forEach(id -> billable.add(id.asString()));
		assertThat(billable).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void namesWithQuotesNonAsciiAndControlCharactersAndOddEmailsMakeAValidFile() throws Exception {
		// given
		ZohoUsersListing.fromFixtures()
			.set("225013", "full_name", "Boyle, \"Pat\" \\ Ærøskøbing 王芳 \u001b[31mred\u0007")
			.set("227013", "email", "jane+crm@zylker.co.uk")
			.set("229013", "email", "amelia at zylker")
			.stub(this.fixture);

		// when
		assertThat(this.fixture.run("test").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// then
		JsonNode document = SnowSchema.read(files().get(0));
		assertThat(SnowSchema.errors(document)).isEmpty();
		String name = document.get("Users").get(0).get("Name").asString();
		assertThat(name).startsWith("Boyle, \"Pat\" \\ Ærøskøbing 王芳 ").doesNotContain("\u001b", "\u0007");
		assertThat(document.get("Users").get(2).get("Email").asString()).isEqualTo("jane+crm@zylker.co.uk");
		JsonNode amelia = document.get("Users").get(4);
		assertThat(amelia.has("Email")).isFalse();
		assertThat(amelia.get("UserName").asString()).isEqualTo("amelia at zylker");
	}

	@Test
	void aFailedRunOrOneTheGuardRefusedHandsNothingOver() throws Exception {
		// given: a completed run
		GeneratedUsers organisation = new GeneratedUsers(20, 5);
		runOver(organisation);
		assertThat(files()).hasSize(1);

		// when: a run whose page 2 Zoho refuses, then one that would deactivate most
		// users
		this.fixture.zoho().resetAll();
		organisation.stub(this.fixture.zoho(), 0);
		this.fixture.stubPage(2, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution failed = this.fixture.run("test");
		JobExecution refused = runOver(organisation.without(0, 12));

		// then
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(refused.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		assertThat(files()).hasSize(1);
		assertThat(Files.list(snow.resolve("test")).map(Path::getFileName).map(Path::toString))
			.noneMatch(name -> name.endsWith(".partial"));
	}

	@Test
	void laterRunsAddFilesThatSortByTime() throws Exception {
		// given
		this.fixture.complete("test", "users-page-", 4);

		// when
		this.fixture.complete("test", "users-page-", 4);

		// then
		List<Path> files = files();
		assertThat(files).hasSize(2);
		assertThat(runOf(files.get(0))).isLessThan(runOf(files.get(1)));
	}

	@Test
	void aLinkPlantedAtThePartialNameIsNotFollowed() throws Exception {
		// given: a completed run's file, gone; another account's link where the next
		// partial file goes
		long run = this.fixture.complete("test", "users-page-", 4).getJobInstance().getInstanceId();
		Path handedOver = files().get(0);
		Files.delete(handedOver);
		Path victim = Files.writeString(snow.resolve("victim.txt"), "untouched");
		Files.createSymbolicLink(handedOver.resolveSibling("." + handedOver.getFileName() + ".partial"), victim);

		// when
		SnowHandOff.HandedOver again = this.handOff.handOverTo(snow.resolve("test"), "test", run);

		// then
		assertThat(Files.readString(victim)).isEqualTo("untouched");
		assertThat(again.file()).isEqualTo(handedOver);
		assertThat(SnowSchema.errors(SnowSchema.read(handedOver))).isEmpty();
		assertThat(again.counts().users()).isEqualTo(17);
	}

	private JobExecution runOver(GeneratedUsers organisation) throws Exception {
		this.fixture.zoho().resetAll();
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		organisation.stub(this.fixture.zoho(), 0);
		return this.fixture.run("test");
	}

	private static long runOf(Path file) {
		String name = file.getFileName().toString();
		return Long.parseLong(name.substring(name.lastIndexOf("-run") + 4, name.length() - ".json".length()));
	}

	// the connector's view: the .json files of the folder, in name order
	private static List<Path> files() throws IOException {
		Path folder = snow.resolve("test");
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
		}
	}

	private static void deleteFolder() throws IOException {
		Path folder = snow.resolve("test");
		if (Files.isDirectory(folder)) {
			try (Stream<Path> files = Files.list(folder)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
			}
		}
		Files.deleteIfExists(snow.resolve("victim.txt"));
	}

}
