package io.github.zohousersbatch.users;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Reads one page of users: {@code GET {api_domain}/crm/v8/users?type=AllUsers&page=P&per_page=N} with
 * {@code Authorization: Zoho-oauthtoken ...}. A 204 (or 304) is an empty last page; any other non-200 is a
 * failure naming the page and Zoho's error code.
 */
@Component
public class ZohoUsersClient {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(5);

	private final WebClient webClient;

	private final JsonMapper json;

	ZohoUsersClient(WebClient zohoWebClient, JsonMapper json) {
		this.webClient = zohoWebClient;
		this.json = json;
	}

	public UsersPage fetchPage(ApiAccess access, int page, int perPage) {
		String url = access.apiDomain() + "/crm/v8/users?type=AllUsers&page=" + page + "&per_page=" + perPage;
		Answer answer = get(url, access, page);
		return switch (answer.status()) {
			case 200 -> parse(answer, page);
			case 204, 304 -> UsersPage.empty(page);
			default -> throw error(answer, page);
		};
	}

	private Answer get(String url, ApiAccess access, int page) {
		try {
			return Objects.requireNonNull(this.webClient.get()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, access.authorizationHeader())
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono(reply -> reply.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Answer(reply.statusCode().value(), body)))
				.block(BLOCK_LIMIT));
		}
		catch (WebClientRequestException ex) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + page + ": cannot reach Zoho at "
					+ access.apiDomain() + ": " + ex.getMostSpecificCause().getMessage(), ex);
		}
	}

	private UsersPage parse(Answer answer, int page) {
		UsersResponse response;
		try {
			response = this.json.readValue(answer.body(), UsersResponse.class);
		}
		catch (JacksonException ex) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + page
					+ ": Zoho answered HTTP 200 with a body that is not the users JSON (" + ex.getOriginalMessage()
					+ ")");
		}
		List<ZohoUser> users = (response.users() == null) ? List.of()
				: response.users().stream().map(UsersResponse.UserJson::toUser).toList();
		boolean more = response.info() != null && Boolean.TRUE.equals(response.info().moreRecords());
		return new UsersPage(page, users, more && !users.isEmpty());
	}

	private ZohoBatchException error(Answer answer, int page) {
		String code = "HTTP " + answer.status();
		String message = "";
		try {
			JsonNode body = this.json.readTree(answer.body());
			code = body.path("code").asString(code);
			message = body.path("message").asString("");
		}
		catch (JacksonException ex) {
			// not Zoho's error envelope (a proxy page, say): the status says enough
		}
		String text = "Users page " + page + ": Zoho answered HTTP " + answer.status() + " " + code
				+ (message.isEmpty() ? "" : " (" + message + ")");
		if (answer.status() == 401) {
			return new ZohoBatchException(FailureReason.TOKEN_REJECTED,
					text + ": the access token was rejected; authorize the connection again if this persists");
		}
		return new ZohoBatchException(FailureReason.FAILED, text);
	}

	private record Answer(int status, String body) {

		@Override
		public String toString() {
			return "Answer[status=" + this.status + "]";
		}

	}

}
