package io.github.zohousersbatch.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.metrics.RunMetrics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;

/**
 * One GET of the Zoho CRM API, and what its answer means: connection failures, timeouts, 5xx and 429 are
 * {@link TransientHttpException}s (retry), 401 {@code INVALID_TOKEN}/{@code AUTHENTICATION_FAILURE} an
 * {@link AccessTokenRejectedException} (refresh once), 401 {@code OAUTH_SCOPE_MISMATCH} a {@link ScopeMissingException},
 * anything else a failure naming the request and Zoho's error code.
 */
@Component
public class ZohoApi {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(10);

	private final WebClient webClient;

	private final JsonMapper json;

	private final RunMetrics metrics;

	private final DataSize maxAnswerSize;

	ZohoApi(WebClient zohoWebClient, JsonMapper json, RunMetrics metrics, ZohoHttpProperties properties) {
		this.maxAnswerSize = properties.maxAnswerSize();
		this.webClient = zohoWebClient;
		this.json = json;
		this.metrics = metrics;
	}

	/**
	 * The answer to {@code GET url}, whatever its status.
	 * @param authorization value of the {@code Authorization} header
	 * @param what names the request in messages, e.g. "Users page 3"
	 */
	public Answer get(String url, String authorization, String what) {
		long started = System.nanoTime();
		String outcome = "connection_error";
		try {
			Answer answer = this.webClient.get()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, authorization)
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono(reply -> reply.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Answer(reply.statusCode().value(), body,
							reply.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER))))
				.block(BLOCK_LIMIT);
			if (answer == null) {
				throw new TransientHttpException(what + ": no answer from Zoho");
			}
			outcome = String.valueOf(answer.status());
			return answer;
		}
		catch (DataBufferLimitException ex) {
			throw tooLarge(what, ex);
		}
		catch (WebClientException ex) {
			if (ex.getMostSpecificCause() instanceof DataBufferLimitException limit) {
				throw tooLarge(what, limit);
			}
			throw new TransientHttpException(what + ": cannot reach Zoho (" + ex.getMostSpecificCause().getClass().getSimpleName()
					+ ": " + ex.getMostSpecificCause().getMessage() + ")", null, ex);
		}
		catch (IllegalStateException ex) {
			// block() gave up: the response never completed
			throw new TransientHttpException(what + ": no complete answer from Zoho within " + BLOCK_LIMIT.toMinutes()
					+ " minutes", null, ex);
		}
		finally {
			this.metrics.request(endpoint(url), outcome, Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private ZohoBatchException tooLarge(String what, DataBufferLimitException cause) {
		return new ZohoBatchException(FailureReason.FAILED, what + ": Zoho's answer is larger than "
				+ this.maxAnswerSize.toKilobytes() + " KB (zoho.http.max-answer-size); failing at once, as the same "
				+ "answer would come again", cause);
	}

	// "users" for .../crm/v8/users?type=..., "org" for .../crm/v8/org
	private static String endpoint(String url) {
		String path = url.replaceFirst("\\?.*$", "");
		return path.substring(path.lastIndexOf('/') + 1);
	}

	/**
	 * The failure an unsuccessful answer stands for.
	 * @param scope the scope the request needs, named when Zoho says it is missing
	 */
	public ZohoBatchException failure(Answer answer, String what, String scope) {
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
			return new ScopeMissingException(text + ": the token lacks the scope " + scope
					+ "; authorize the connection again with scope ZohoCRM.users.READ,ZohoCRM.org.READ");
		}
		if (status == 401) {
			return new AccessTokenRejectedException(text);
		}
		if (status == 429 || status >= 500) {
			return new TransientHttpException(text, retryAfter(answer.retryAfter()), null);
		}
		if (status == 400 || status == 403 || status == 404 || status == 405) {
			return new RequestRefusedException(text);
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

	/**
	 * What Zoho answered. {@link #toString()} leaves the body out: it holds personal data.
	 *
	 * @param status HTTP status
	 * @param body the body, empty when there was none
	 * @param retryAfter the {@code Retry-After} header, or null
	 */
	public record Answer(int status, String body, String retryAfter) {

		@Override
		public String toString() {
			return "Answer[status=" + this.status + "]";
		}

	}

	/**
	 * Zoho answered 401 {@code INVALID_TOKEN} or {@code AUTHENTICATION_FAILURE}: the access token expired early or
	 * was revoked. Worth one refresh and one more try; a second one ends the run with {@code TOKEN_REJECTED}.
	 */
	public static class AccessTokenRejectedException extends ZohoBatchException {

		AccessTokenRejectedException(String message) {
			super(FailureReason.TOKEN_REJECTED, message + ": the access token was rejected even after a refresh; "
					+ "authorize the connection again if this persists");
		}

	}

	/**
	 * Zoho refused the request itself (400, 403 {@code NO_PERMISSION} or a feature the edition lacks, 404
	 * {@code INVALID_URL_PATTERN}, 405): retrying cannot help. Callers of optional requests treat it as "not
	 * available here".
	 */
	public static class RequestRefusedException extends ZohoBatchException {

		RequestRefusedException(String message) {
			super(FailureReason.FAILED, message);
		}

	}

	/** Zoho answered 401 {@code OAUTH_SCOPE_MISMATCH}: never retried, the grant must include the scope. */
	public static class ScopeMissingException extends ZohoBatchException {

		ScopeMissingException(String message) {
			super(FailureReason.TOKEN_REJECTED, message);
		}

	}

}
