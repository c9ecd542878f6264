package io.github.zohousersbatch.users;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class UsersResponseTests {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void mapsZohosUserRecordIgnoringUnknownFields() throws Exception {
		UsersResponse response = read("users-page-1.json");

		List<ZohoUser> users = response.users().stream().map(UsersResponse.UserJson::toUser).toList();
		assertThat(users).hasSize(5);
		ZohoUser patricia = users.get(0);
		assertThat(patricia.id()).isEqualTo("4150868000000225013");
		assertThat(patricia.email()).isEqualTo("patricia.boyle@zylker.com");
		assertThat(patricia.roleName()).isEqualTo("CEO");
		assertThat(patricia.profileName()).isEqualTo("Administrator");
		assertThat(patricia.confirmed()).isTrue();
		assertThat(patricia.createdTime()).isEqualTo(OffsetDateTime.parse("2019-08-10T11:21:16+05:30"));
		assertThat(patricia.modifiedTime()).isEqualTo(OffsetDateTime.parse("2020-07-10T18:30:01+05:30"));
		assertThat(patricia.isActive()).isTrue();
		assertThat(users.get(1).isActive()).isFalse();
		assertThat(response.info().moreRecords()).isTrue();
	}

	@Test
	void timeZoneMayBeAnObject() throws Exception {
		ZohoUser amelia = read("users-page-1.json").users().get(4).toUser();

		assertThat(amelia.timeZone()).isEqualTo("Europe/Paris");
	}

	@Test
	void idsKeepAllTheirDigits() {
		UsersResponse response = this.json.readValue("""
				{"users":[{"id":"9223372036854775807","status":"active","Modified_Time":null,"created_time":"bad"}],
				 "info":{"per_page":200,"count":1,"page":1,"more_records":false}}""", UsersResponse.class);

		ZohoUser user = response.users().get(0).toUser();
		assertThat(user.id()).isEqualTo("9223372036854775807");
		assertThat(user.createdTime()).isNull();
		assertThat(user.modifiedTime()).isNull();
	}

	@Test
	void statusOtherThanActiveIsNotActive() {
		for (String status : List.of("inactive", "disabled", "deleted", "closed", "disabled dormant")) {
			ZohoUser user = new ZohoUser("1", null, null, null, null, status, null, null, null, null, null, null, null,
					null);
			assertThat(new ActiveUserFilter().process(user)).as(status).isNull();
		}
	}

	private UsersResponse read(String fixture) throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/zoho/" + fixture)) {
			return this.json.readValue(in, UsersResponse.class);
		}
	}

}
