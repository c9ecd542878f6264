package io.github.zohousersbatch.job;

import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.TokenStore;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * What the job tests share: an authorized {@code test} connection, users pages on
 * WireMock, and the resulting table.
 */
final class JobFixtures {

	static final String ACCESS_TOKEN = "1000.0a1b2c3d4e5f60718293a4b5c6d7e8f9.f9e8d7c6b5a4938271605f4e3d2c1b0a";

	static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	/** The access token of token-refresh.json. */
	static final String REFRESHED_ACCESS_TOKEN = "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

	/** Active users in users-page-1..4.json. */
	static final List<String> ACTIVE_IDS = List.of("4150868000000225013", "4150868000000227013", "4150868000000229013",
			"4150868000000231013", "4150868000000233013", "4150868000000235013", "4150868000000236013",
			"4150868000000238013", "4150868000000239013", "4150868000000240013");

	private JobFixtures() {
	}

	static void authorized(TokenStore store, Instant accessTokenExpiry) {
		store.saveAuthorization(new ConnectionToken("test", "us", ZohoWireMock.baseUrl(), ZohoWireMock.baseUrl(),
				REFRESH_TOKEN, ACCESS_TOKEN, accessTokenExpiry, "ZohoCRM.users.READ", Instant.now(), null));
	}

	static MappingBuilder usersPage(int page) {
		return get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo(String.valueOf(page)));
	}

	static void stubUsersPage(int page, ResponseDefinitionBuilder response) {
		ZohoWireMock.server().stubFor(usersPage(page).willReturn(response));
	}

	/**
	 * Pages 1 to 4 from the fixtures {@code prefix1.json} to {@code prefix4.json}, and
	 * the users count.
	 */
	static void stubUsersPages(String prefix) {
		for (int page = 1; page <= 4; page++) {
			stubUsersPage(page, ZohoWireMock.json(prefix + page + ".json"));
		}
		ZohoWireMock.stubUsersCount(ZohoWireMock.usersIn(prefix, 4));
	}

	static List<String> activeIds(JdbcClient jdbc) {
		return jdbc
			.sql("select zoho_user_id from zoho_user_aggregation where connection_name = 'test' and active "
					+ "order by zoho_user_id")
			.query(String.class)
			.list();
	}

}
