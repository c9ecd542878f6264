package io.github.zohousersbatch.users;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.ZohoApi;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Asks Zoho who the token belongs to: {@code GET
 * {api_domain}/crm/v8/users?type=CurrentUser}, the cheapest call that proves token, data
 * centre, API domain and the users scope at once.
 */
@Component
public class CurrentUserClient {

	private static final String WHAT = "The CurrentUser request";

	private final ZohoApi api;

	private final UsersPageParser parser;

	CurrentUserClient(ZohoApi api, JsonMapper json) {
		this.api = api;
		this.parser = new UsersPageParser(json);
	}

	/** The Zoho user who authorized the connection. */
	public ZohoUser fetch(ApiAccess access) {
		ZohoApi.Answer answer = this.api.get(access.apiDomain() + "/crm/v8/users?type=CurrentUser",
				access.authorizationHeader(), WHAT);
		if (answer.status() != 200) {
			throw this.api.failure(answer, WHAT, ZohoUsersClient.SCOPE);
		}
		return this.parser.parse(answer.body(), 1, 200)
			.entries()
			.stream()
			.filter(UserEntry::isUsable)
			.map(UserEntry::user)
			.findFirst()
			.orElseThrow(
					() -> new ZohoBatchException(FailureReason.FAILED, WHAT + ": Zoho answered without a usable user"));
	}

}
