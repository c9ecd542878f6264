package io.github.zohousersbatch.users;

import java.time.Duration;
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
 * Asks Zoho who the token belongs to: {@code GET {api_domain}/crm/v8/users?type=CurrentUser}, the cheapest call
 * that proves token, data centre, API domain and the users scope at once. Separate from {@link ZohoUsersClient},
 * which reads the pages.
 */
@Component
public class CurrentUserClient {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(2);

	private final WebClient webClient;

	private final JsonMapper json;

	CurrentUserClient(WebClient zohoWebClient, JsonMapper json) {
		this.webClient = zohoWebClient;
		this.json = json;
	}

	/** The Zoho user who authorized the connection. */
	public ZohoUser fetch(ApiAccess access) {
		String url = access.apiDomain() + "/crm/v8/users?type=CurrentUser";
		Answer answer;
		try {
			answer = Objects.requireNonNull(this.webClient.get()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, access.authorizationHeader())
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono(reply -> reply.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Answer(reply.statusCode().value(), body)))
				.block(BLOCK_LIMIT));
		}
		catch (WebClientRequestException ex) {
			throw new ZohoBatchException(FailureReason.FAILED, "Cannot reach the Zoho CRM API at " + access.apiDomain()
					+ ": " + ex.getMostSpecificCause().getMessage(), ex);
		}
		if (answer.status() != 200) {
			throw error(answer);
		}
		UsersPage page = new UsersPageParser(this.json).parse(answer.body(), 1, 200);
		return page.entries()
			.stream()
			.filter(UserEntry::isUsable)
			.map(UserEntry::user)
			.findFirst()
			.orElseThrow(() -> new ZohoBatchException(FailureReason.FAILED,
					"Zoho answered the CurrentUser request without a usable user"));
	}

	private ZohoBatchException error(Answer answer) {
		String code = "HTTP " + answer.status();
		String message = "";
		try {
			JsonNode body = this.json.readTree(answer.body());
			code = body.path("code").asString(code);
			message = body.path("message").asString("");
		}
		catch (JacksonException ex) {
			// not Zoho's error envelope: the status says enough
		}
		String text = "Zoho answered the CurrentUser request with HTTP " + answer.status() + " " + code
				+ (message.isEmpty() ? "" : " (" + message + ")");
		if (code.equals("OAUTH_SCOPE_MISMATCH")) {
			return new ZohoBatchException(FailureReason.TOKEN_REJECTED, text + ": the token lacks the scope "
					+ "ZohoCRM.users.READ; authorize the connection again with it");
		}
		if (answer.status() == 401) {
			return new ZohoBatchException(FailureReason.TOKEN_REJECTED, text + ": the access token was rejected "
					+ "(wrong API domain, or revoked); authorize the connection again");
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
