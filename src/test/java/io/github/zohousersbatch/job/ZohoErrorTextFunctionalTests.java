package io.github.zohousersbatch.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Zoho, or whatever answers in its place, writes in {@code message}, {@code error}
 * and {@code error_description} reaches the log, the exception and {@code EXIT_MESSAGE}
 * as text: a terminal's escape sequences and forged log lines lose their control
 * characters.
 */
@ZohoBatchTest
class ZohoErrorTextFunctionalTests {

	// JSON escapes: ESC [2J clears a terminal, ESC [31m turns it red, the line break
	// starts a forged log line
	static final String HOSTILE = "\\u001b[2J\\u001b[31mrefused\\n21:00:00.000 ERROR [TokenStore] Token key "
			+ "written to /tmp/key\\r\\u009b0m";

	static final String CLEANED = "[2J[31mrefused21:00:00.000 ERROR [TokenStore] Token key written to /tmp/key0m";

	@Autowired
	ZohoFixture fixture;

	@Test
	void aUsersPageErrorsMessageIsCleanedInTheLogAndTheExitMessage(CapturedOutput output) throws Exception {
		// given
		this.fixture.authorized("test");
		this.fixture.stubPage(1,
				aResponse().withStatus(400)
					.withHeader("Content-Type", "application/json;charset=utf-8")
					.withBody("{\"code\":\"INVALID_REQUEST\",\"details\":{},\"message\":\"" + HOSTILE
							+ "\",\"status\":\"error\"}"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitDescription()).contains("INVALID_REQUEST (" + CLEANED + ")");
		assertClean(execution, output);
	}

	@Test
	void theTokenEndpointsErrorAndDescriptionAreCleaned(CapturedOutput output) throws Exception {
		// given: the access token has expired, and the refresh gets a hostile refusal
		this.fixture.authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES));
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json;charset=UTF-8")
				.withBody("{\"error\":\"invalid_request\\u001b]0;owned\\u0007\",\"error_description\":\"" + HOSTILE
						+ "\"}")));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("with error 'invalid_request]0;owned' (" + CLEANED + ")");
		assertClean(execution, output);
	}

	private static void assertClean(JobExecution execution, CapturedOutput output) {
		assertThat(execution.getExitStatus().getExitDescription()).doesNotContain("\u001b", "\u009b", "\n", "\r");
		assertThat(output.getAll()).doesNotContain("\u001b", "\u009b", "\u0007")
			.doesNotContain("\n21:00:00.000 ERROR [TokenStore]");
	}

}
