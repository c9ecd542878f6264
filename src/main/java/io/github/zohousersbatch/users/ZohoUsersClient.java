package io.github.zohousersbatch.users;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.TransientHttpException;
import io.github.zohousersbatch.http.ZohoApi;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads one page of users once: {@code GET
 * {api_domain}/crm/v8/users?type=AllUsers&page=P&per_page=N}. A 204 (or 304) is an empty
 * last page; failures are classified by {@link ZohoApi} for the caller to retry or
 * refresh.
 */
@Component
public class ZohoUsersClient {

	static final String SCOPE = "ZohoCRM.users.READ";

	static final String COUNT = "Users count";

	private final ZohoApi api;

	private final UsersPageParser parser;

	private final JsonMapper json;

	ZohoUsersClient(ZohoApi api, JsonMapper json) {
		this.api = api;
		this.json = json;
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

	/**
	 * How many users the organisation has, as Zoho counts them: {@code GET
	 * {api_domain}/crm/v8/users/actions/count?type=AllUsers}, answered {@code {"count":
	 * 11}} (one credit).
	 */
	public long countAllUsers(ApiAccess access) {
		ZohoApi.Answer answer = this.api.get(access.apiDomain() + "/crm/v8/users/actions/count?type=AllUsers",
				access.authorizationHeader(), COUNT);
		if (answer.status() != 200) {
			throw this.api.failure(answer, COUNT, SCOPE);
		}
		JsonNode count;
		try {
			count = this.json.readTree(answer.body()).path("count");
		}
		catch (JacksonException ex) {
			throw new TransientHttpException(COUNT + ": HTTP 200 with a body that is not JSON");
		}
		// Zoho's schema types it as a string; the examples show a number
		String digits = count.isValueNode() ? count.asString().trim() : "";
		if (!digits.matches("[0-9]{1,18}")) {
			throw new ZohoBatchException(FailureReason.FAILED, COUNT + ": Zoho answered HTTP 200 without a count");
		}
		return Long.parseLong(digits);
	}

}
