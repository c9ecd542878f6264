package io.github.zohousersbatch.users;

import java.util.Optional;

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

	/** Zoho's error code for page-number paging past its limit. */
	public static final String PAGING_REFUSED = "DISCRETE_PAGINATION_LIMIT_EXCEEDED";

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
			default ->
				throw pagingRefusal(answer, page, perPage).orElseGet(() -> this.api.failure(answer, what, SCOPE));
		};
	}

	// Zoho documents HTTP 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED ("You can only get the
	// first 2000 records without using page_token param.", details.limit) for records
	// read with page numbers past 2,000 (Get Records v8,
	// https://www.zoho.com/crm/developer/docs/api/v8/get-records.html, and the OAS
	// v8.0/record.json DiscretePaginationLimitExceededError); the users API documents no
	// page_token, and no such limit, so meeting it means Zoho applies it to users too:
	// reading on cannot help, and the operator needs to know why
	private Optional<ZohoBatchException> pagingRefusal(ZohoApi.Answer answer, int page, int perPage) {
		if (answer.status() != 400) {
			return Optional.empty();
		}
		JsonNode body;
		try {
			body = this.json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		if (!PAGING_REFUSED.equals(body.path("code").asString(""))) {
			return Optional.empty();
		}
		JsonNode limit = body.path("details").path("limit");
		long before = (long) (page - 1) * perPage;
		return Optional
			.of(new ZohoBatchException(FailureReason.FAILED, "Users page " + page + ": Zoho refused to " + "page past "
					+ (limit.isNumber() ? limit.asLong() : before) + " users (HTTP 400 " + PAGING_REFUSED + ": "
					+ body.path("message").asString("") + "). Zoho documents this limit for CRM records read by page "
					+ "number, not for users, and its users API offers no page_token to read on: this organisation's "
					+ "users cannot all be read by page, so the run stopped after " + before + " users and deactivated "
					+ "nobody. Run zoho-users-batch doctor to see how far paging works for this organisation, and "
					+ "report its output to the maintainers"));
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
