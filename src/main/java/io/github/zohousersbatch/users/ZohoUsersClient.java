package io.github.zohousersbatch.users;

import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.ZohoApi;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads one page of users once: {@code GET {api_domain}/crm/v8/users?type=AllUsers&page=P&per_page=N}. A 204 (or
 * 304) is an empty last page; failures are classified by {@link ZohoApi} for the caller to retry or refresh.
 */
@Component
public class ZohoUsersClient {

	static final String SCOPE = "ZohoCRM.users.READ";

	private final ZohoApi api;

	private final UsersPageParser parser;

	ZohoUsersClient(ZohoApi api, JsonMapper json) {
		this.api = api;
		this.parser = new UsersPageParser(json);
	}

	public UsersPage fetchPage(ApiAccess access, int page, int perPage) {
		String url = access.apiDomain() + "/crm/v8/users?type=AllUsers&page=" + page + "&per_page=" + perPage;
		String what = "Users page " + page;
		ZohoApi.Answer answer = this.api.get(url, access.authorizationHeader(), what);
		return switch (answer.status()) {
			case 200 -> this.parser.parse(answer.body(), page, perPage);
			case 204, 304 -> UsersPage.empty(page);
			default -> throw this.api.failure(answer, what, SCOPE);
		};
	}

}
