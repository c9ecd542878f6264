package io.github.zohousersbatch.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token requests retried the way Zoho's accounts server needs: a 5xx or a page that is
 * not JSON is the server unavailable for a while (retried with backoff within the
 * attempts per request), while a request whose answer was lost after it was sent may have
 * spent one of the 10 access tokens Zoho issues per 10 minutes, so it is sent again once
 * only. Counted on the requests WireMock received.
 */
@ZohoBatchTest
class TokenRequestRetryFunctionalTests {

	static final String TOKEN = "/oauth/v2/token";

	@Autowired
	ZohoFixture fixture;

	@BeforeEach
	void expiredTokenAndAllPages() {
		this.fixture.authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES));
		this.fixture.stubPages("users-page-");
	}

	@Test
	void serverErrorsAndPagesThatAreNotJsonAreRetriedUntilTheAccountsServerAnswers() throws Exception {
		// given: a gateway error page, Zoho's maintenance page with status 200, an empty
		// 500, then the token
		answersInTurn(html(502, "<html><body>Bad Gateway</body></html>"),
				html(200, "<html><body><h1>Zoho Accounts is under maintenance</h1></body></html>"),
				aResponse().withStatus(500), ZohoWireMock.json("token-refresh.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(4, postRequestedFor(urlPathEqualTo(TOKEN)));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void anAccountsServerThatStaysUnavailableFailsAfterTheAttemptsPerRequestWithoutEchoingItsPage() throws Exception {
		// given
		answersInTurn(html(503, "<html><body>Service Unavailable</body></html>"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription()).contains("Token request: gave up after 5 attempt(s)")
			.contains("answered HTTP 503 with a body that is not a token response")
			.doesNotContain("Service Unavailable");
		this.fixture.zoho().verify(5, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void aRequestWhoseAnswerWasLostIsSentAgainAndTheRunCompletes() throws Exception {
		// given: the first answer is cut off after some bytes
		answersInTurn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), ZohoWireMock.json("token-refresh.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void aRequestWhoseAnswerIsLostAgainIsNotSentAThirdTime() throws Exception {
		// given: the accounts server resets every connection after reading the request
		answersInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("the answer to a token request was lost twice")
			.contains("10 access tokens")
			.doesNotContain(ZohoFixture.REFRESH_TOKEN);
		this.fixture.zoho().verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void aLostAnswerBetweenServerErrorsStillCountsOnce() throws Exception {
		// given: lost, 503, lost: the second loss ends it, whatever came between
		answersInTurn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
				html(503, "<html><body>Service Unavailable</body></html>"),
				aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ZohoWireMock.json("token-refresh.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("the answer to a token request was lost twice");
		this.fixture.zoho().verify(3, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	@Test
	void aThrottleIsNeverRetried() throws Exception {
		// given: Zoho's throttle, even with a 5xx status
		answersInTurn(ZohoWireMock.json(500, "token-error-throttled.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitDescription()).contains("too many token requests");
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
	}

	// the token endpoint answers these in turn, the last one from then on
	private void answersInTurn(ResponseDefinitionBuilder... answers) {
		String state = Scenario.STARTED;
		for (int i = 0; i < answers.length; i++) {
			String next = (i == answers.length - 1) ? state : "answer-" + (i + 2);
			this.fixture.zoho()
				.stubFor(post(TOKEN).inScenario("token")
					.whenScenarioStateIs(state)
					.willReturn(answers[i])
					.willSetStateTo(next));
			state = next;
		}
	}

	private static ResponseDefinitionBuilder html(int status, String page) {
		return aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody(page);
	}

}
