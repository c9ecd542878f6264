package io.github.zohousersbatch.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.metrics.RunMetrics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClient.RequestHeadersSpec;
import org.springframework.web.reactive.function.client.WebClientException;

/**
 * Every request to Zoho (CRM API GETs, the accounts server's token and revocation POSTs)
 * goes through here, and what its answer means: connection failures, timeouts, 5xx and
 * 429 are {@link TransientHttpException}s (retry; 429 and {@code TOO_MANY_REQUESTS} as a
 * {@link TooManyRequestsException}), an answer over {@code zoho.http.max-answer-size}
 * fails at once, 401 {@code INVALID_TOKEN} or {@code AUTHENTICATION_FAILURE} is an
 * {@link AccessTokenRejectedException} (refresh once), 401 {@code OAUTH_SCOPE_MISMATCH} a
 * {@link ScopeMissingException}, anything else a failure naming the request and Zoho's
 * error code. Bodies are read as bytes and never logged.
 */
@Component
public class ZohoApi {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(10);

	private final WebClient webClient;

	private final JsonMapper json;

	private final RunMetrics metrics;

	private final DataSize maxAnswerSize;

	ZohoApi(WebClient zohoWebClient, JsonMapper json, RunMetrics metrics, HttpProperties properties) {
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
		return exchange(url, what, this.webClient.get().uri(url).header(HttpHeaders.AUTHORIZATION, authorization));
	}

	/**
	 * The answer to {@code POST url} with a form body, whatever its status: token and
	 * revocation requests, whose secrets go in the body, never in a URL (which ends up in
	 * proxy and access logs).
	 * @param what names the request in messages, e.g. "Token request"
	 */
	public Answer postForm(String url, MultiValueMap<String, String> form, String what) {
		return exchange(url, what,
				this.webClient.post()
					.uri(url)
					.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.body(BodyInserters.fromFormData(form)));
	}

	private Answer exchange(String url, String what, RequestHeadersSpec<?> request) {
		long started = System.nanoTime();
		String outcome = "connection_error";
		try {
			Answer answer = request.accept(MediaType.APPLICATION_JSON)
				// bytes, not String: Spring's string decoder logs bodies (tokens!) at
				// TRACE
				.exchangeToMono(reply -> reply.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map(body -> new Answer(reply.statusCode().value(), new String(body, StandardCharsets.UTF_8),
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
			throw NetworkFaults.unreachable(what, origin(url), ex);
		}
		catch (IllegalStateException ex) {
			// block() gave up: the response never completed
			throw new TransientHttpException(
					what + ": no complete answer from Zoho within " + BLOCK_LIMIT.toMinutes() + " minutes", null, ex,
					true);
		}
		catch (RuntimeException ex) {
			throw NetworkFaults.cutShort(what, origin(url), ex);
		}
		finally {
			this.metrics.request(endpoint(url), outcome, Duration.ofNanos(System.nanoTime() - started));
		}
	}

	// scheme, host and port: a URL's path and query may carry what no message should
	static String origin(String url) {
		int path = url.indexOf('/', url.indexOf("//") + 2);
		return (path < 0) ? url : url.substring(0, path);
	}

	private ZohoBatchException tooLarge(String what, DataBufferLimitException cause) {
		return new ZohoBatchException(FailureReason.FAILED,
				what + ": Zoho's answer is larger than " + this.maxAnswerSize.toKilobytes()
						+ " KB (zoho.http.max-answer-size); failing at once, as the same " + "answer would come again",
				cause);
	}

	// "users" for .../crm/v8/users?type=..., "org" for .../crm/v8/org, "token" for
	// .../oauth/v2/token
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
					+ "; authorize the connection again with scope " + ZohoProperties.Connection.DEFAULT_SCOPE);
		}
		if (status == 401) {
			return new AccessTokenRejectedException(text);
		}
		if (status == 429 || code.equals("TOO_MANY_REQUESTS")) {
			return new TooManyRequestsException(text, retryAfter(answer.retryAfter()));
		}
		if (status >= 500) {
			return new TransientHttpException(text, retryAfter(answer.retryAfter()), null);
		}
		if (status == 400 || status == 403 || status == 404 || status == 405) {
			return new RequestRefusedException(text);
		}
		return new ZohoBatchException(FailureReason.FAILED, text);
	}

	/** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
	public static Duration retryAfter(String header) {
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
	 * What Zoho answered. {@link #toString()} leaves the body out: it holds personal
	 * data.
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

}
