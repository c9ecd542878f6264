package io.github.zohousersbatch.users;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.db.ColumnText;
import io.github.zohousersbatch.http.TransientHttpException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersPageParserTests {

	final UsersPageParser parser = new UsersPageParser(JsonMapper.builder().build());

	@Test
	void mapsZohosUserRecordIgnoringUnknownFields() {
		UsersPage page = this.parser.parse(fixture("users-page-1.json"), 1, 5);

		assertThat(page.entries()).hasSize(5).allMatch(UserEntry::isUsable);
		assertThat(page.moreRecords()).isTrue();
		ZohoUser patricia = page.entries().get(0).user();
		assertThat(patricia.id()).isEqualTo("4150868000000225013");
		assertThat(patricia.email()).isEqualTo("patricia.boyle@zylker.com");
		assertThat(patricia.roleName()).isEqualTo("CEO");
		assertThat(patricia.profileName()).isEqualTo("Administrator");
		assertThat(patricia.confirmed()).isTrue();
		assertThat(patricia.createdTime()).isEqualTo(OffsetDateTime.parse("2019-08-10T11:21:16+05:30"));
		assertThat(patricia.modifiedTime()).isEqualTo(OffsetDateTime.parse("2020-07-10T18:30:01+05:30"));
		assertThat(patricia.isActive()).isTrue();
		assertThat(page.entries().get(1).user().isActive()).isFalse();
	}

	@Test
	void timeZoneMayBeAnObject() {
		ZohoUser amelia = this.parser.parse(fixture("users-page-1.json"), 1, 5).entries().get(4).user();

		assertThat(amelia.timeZone()).isEqualTo("Europe/Paris");
	}

	@Test
	void idsKeepAllTheirDigitsAndBadTimesBecomeNull() {
		UsersPage page = this.parser.parse("""
				{"users":[{"id":"9223372036854775807","status":"active","Modified_Time":null,"created_time":"bad"}],
				 "info":{"per_page":200,"count":1,"page":1,"more_records":false}}""", 1, 200);

		ZohoUser user = page.entries().get(0).user();
		assertThat(user.id()).isEqualTo("9223372036854775807");
		assertThat(user.createdTime()).isNull();
		assertThat(user.modifiedTime()).isNull();
		assertThat(page.moreRecords()).isFalse();
	}

	@Test
	void onlyARecordWithoutAUsableIdOrStatusIsUnusable() {
		UsersPage page = this.parser.parse("""
				{"users":[
				  {"email":"no.id@zylker.com","status":"active"},
				  {"id":"12ab","status":"active"},
				  {"id":"4150868000000225013","email":"%s","status":"active"},
				  {"id":"4150868000000226013","role":"CEO","status":"active"},
				  "not an object",
				  {"id":"4150868000000227013","status":"active"},
				  {"id":"4150868000000228013"},
				  {"id":"4150868000000229013","status":{"name":"active"}}
				 ],"info":{"per_page":200,"count":8,"page":2,"more_records":true}}""".formatted("x".repeat(321)), 2,
				200);

		assertThat(page.entries()).extracting(UserEntry::problem)
			.containsExactly("no id", "id is not a Zoho user id (1 to 19 digits)", null, null,
					"not a JSON object but STRING", null, "no usable status", "no usable status");
		assertThat(page.entries()).extracting(UserEntry::id)
			.containsExactly(null, "12ab", "4150868000000225013", "4150868000000226013", null, "4150868000000227013",
					"4150868000000228013", "4150868000000229013");
		assertThat(page.entries()).extracting(UserEntry::page).containsOnly(2);
		assertThat(page.entries().get(2).user().email()).hasSize(320).endsWith(ColumnText.MARKER);
		assertThat(page.entries().get(2).sanitised()).containsExactly("email cut to 320 characters");
		assertThat(page.entries().get(3).user().roleName()).isNull();
		assertThat(page.entries().get(3).sanitised()).containsExactly("role was STRING, stored as null");
	}

	@Test
	void fieldsThatDoNotIdentifyTheUserAreMadeToFitTheirColumns() {
		String longRole = "Regional Sales Director, " + "Europe, Middle East and Africa ".repeat(10);
		UsersPage page = this.parser
			.parse("""
					{"users":[{"id":"4150868000000225013","status":"active","full_name":"Ana\\u0000\\u0007 \\ud83d\\ude00 Lima\\ud800",
					  "first_name":"%s","role":{"id":"4150868000000026005","name":"%s"},"confirm":"true",
					  "created_time":"+275760-09-13T00:00:00Z","Modified_Time":"2020-07-14T18:30:01+05:30",
					  "time_zone":{"name":"Europe/Lisbon"}}],
					 "info":{"per_page":200,"count":1,"page":1,"more_records":false}}"""
				.formatted("\ud83d\ude00".repeat(256), longRole), 1, 200);

		UserEntry entry = page.entries().get(0);
		assertThat(entry.isUsable()).isTrue();
		ZohoUser user = entry.user();
		assertThat(user.fullName()).isEqualTo("Ana \ud83d\ude00 Lima");
		assertThat(user.firstName().codePointCount(0, user.firstName().length())).isEqualTo(255);
		assertThat(user.firstName()).endsWith(ColumnText.MARKER).doesNotContain("\ufffd");
		assertThat(user.roleName()).hasSize(255).startsWith("Regional Sales Director").endsWith(ColumnText.MARKER);
		assertThat(user.confirmed()).isTrue();
		assertThat(user.createdTime()).isNull();
		assertThat(user.modifiedTime()).isEqualTo(OffsetDateTime.parse("2020-07-14T18:30:01+05:30"));
		assertThat(user.timeZone()).isEqualTo("Europe/Lisbon");
		assertThat(entry.sanitised()).containsExactlyInAnyOrder("full_name had control characters removed",
				"first_name cut to 255 characters", "role.name cut to 255 characters",
				"created_time out of range, stored as null");
	}

	@Test
	void aBodyThatIsNotJsonIsTransient() {
		assertThatThrownBy(() -> this.parser.parse("<html><body>Service unavailable</body></html>", 3, 200))
			.isInstanceOf(TransientHttpException.class)
			.hasMessageStartingWith("Users page 3: HTTP 200 with a body that is not JSON");
		assertThatThrownBy(() -> this.parser.parse("{\"users\":[{\"id\":\"41508680000", 3, 200))
			.isInstanceOf(TransientHttpException.class);
	}

	@Test
	void jsonOfTheWrongShapeFailsAtOnce() {
		for (String body : List.of("[]", "{\"users\":\"none\"}", "{\"users\":{\"id\":\"1\"}}")) {
			assertThatThrownBy(() -> this.parser.parse(body, 4, 200)).as(body)
				.isInstanceOf(ZohoBatchException.class)
				.isNotInstanceOf(TransientHttpException.class)
				.hasMessageContaining("Users page 4")
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.FAILED);
		}
	}

	@Test
	void moreUsersThanPerPageIsRefused() {
		assertThatThrownBy(() -> this.parser.parse(fixture("users-page-1.json"), 1, 4))
			.hasMessageContaining("5 users on a page of per_page=4");
	}

	@Test
	void statusOtherThanActiveGoesOnAndUnusableRecordsAreHandedToSkipping() {
		for (String status : List.of("inactive", "disabled", "deleted", "closed", "disabled dormant")) {
			ZohoUser user = new ZohoUser("1", null, null, null, null, status, null, null, null, null, null, null, null,
					null);
			UserEntry entry = UserEntry.usable(1, user, List.of());
			assertThat(new UsableUserCheck().process(entry)).as(status).isSameAs(entry);
			assertThat(entry.user().isActive()).as(status).isFalse();
		}
		assertThatThrownBy(() -> new UsableUserCheck().process(UserEntry.unusable(7, "12ab", "no id")))
			.isInstanceOf(UnusableUserException.class)
			.hasMessage("User record 12ab on users page 7 is unusable: no id");
		UserEntry disabled = UserEntry.usable(1,
				new ZohoUser("1", null, null, null, null, "disabled", null, null, null, null, null, null, null, null),
				List.of());
		assertThat(new UsableUserCheck().process(disabled).user().isActive()).isFalse();
	}

	static String fixture(String name) {
		try (InputStream in = UsersPageParserTests.class.getResourceAsStream("/zoho/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
