package io.github.zohousersbatch.users;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.TransientHttpException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;

/**
 * Reads one page of users once: {@code GET {api_domain}/crm/v8/users?type=AllUsers&page=P&per_page=N} with
 * {@code Authorization: Zoho-oauthtoken ...}. A 204 (or 304) is an empty last page. Failures are classified
 * for the caller: {@link TransientHttpException} (retry), {@link AccessTokenRejectedException} (refresh once),
 * or a plain failure naming the page and Zoho's error code.
 */
@Component
public class ZohoUsersClient {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(10);

	private final WebClient webClient;

	private final JsonMapper json;

	private final UsersPageParser parser;

	ZohoUsersClient(WebClient zohoWebClient, JsonMapper json) {
		this.webClient = zohoWebClient;
		this.json = json;
		this.parser = new UsersPageParser(json);
	}

	public UsersPage fetchPage(ApiAccess access, int page, int perPage) {
		String url = access.apiDomain() + "/crm/v8/users?type=AllUsers&page=" + page + "&per_page=" + perPage;
		Answer answer = get(url, access, "Users page " + page);
		return switch (answer.status()) {
			case 200 -> this.parser.parse(answer.body(), page, perPage);
			case 204, 304 -> UsersPage.empty(page);
			default -> throw error(answer, "Users page " + page);
		};
	}

	private Answer get(String url, ApiAccess access, String what) {
		try {
			Answer answer = this.webClient.get()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, access.authorizationHeader())
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono(reply -> reply.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Answer(reply.statusCode().value(), body,
							reply.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER))))
				.block(BLOCK_LIMIT);
			if (answer == null) {
				throw new TransientHttpException(what + ": no answer from Zoho at " + access.apiDomain());
			}
			return answer;
		}
		catch (WebClientException ex) {
			throw new TransientHttpException(what + ": cannot reach Zoho at " + access.apiDomain() + " ("
					+ ex.getMostSpecificCause().getClass().getSimpleName() + ": " + ex.getMostSpecificCause().getMessage()
					+ ")", null, ex);
		}
		catch (IllegalStateException ex) {
			// block() gave up: the response never completed
			throw new TransientHttpException(what + ": no complete answer from Zoho within " + BLOCK_LIMIT.toMinutes()
					+ " minutes", null, ex);
		}
	}

	private ZohoBatchException error(Answer answer, String what) {
		String code = "";
		String message = "";
		try {
			JsonNode body = this.json.readTree(answer.body());
			code = body.path("code").asString("");
			message = body.path("message").asString("");
		}
		catch (JacksonException ex) {
			// not Zoho's error envelope (a proxy's page, say): the status says enough
		}
		String text = what + ": Zoho answered HTTP " + answer.status() + (code.isEmpty() ? "" : " " + code)
				+ (message.isEmpty() ? "" : " (" + message + ")");
		int status = answer.status();
		if (status == 401 && code.equals("OAUTH_SCOPE_MISMATCH")) {
			return new ZohoBatchException(FailureReason.TOKEN_REJECTED, text + ": the token lacks the scope "
					+ "ZohoCRM.users.READ; authorize the connection again with scope ZohoCRM.users.READ,ZohoCRM.org.READ");
		}
		if (status == 401) {
			return new AccessTokenRejectedException(text);
		}
		if (status == 429 || status >= 500) {
			return new TransientHttpException(text, retryAfter(answer.retryAfter()), null);
		}
		return new ZohoBatchException(FailureReason.FAILED, text);
	}

	/** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
	static Duration retryAfter(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				Duration until = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private record Answer(int status, String body, String retryAfter) {

		@Override
		public String toString() {
			return "Answer[status=" + this.status + "]";
		}

	}

}
