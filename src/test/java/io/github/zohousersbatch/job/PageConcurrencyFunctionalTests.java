package io.github.zohousersbatch.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users pages are read as fast as Zoho allows: the pages in flight grow from 2 towards
 * the edition's limit, halve when Zoho answers 429 {@code TOO_MANY_REQUESTS} (the page is
 * asked again, the run goes on), and never more than one request over Zoho's limit; the
 * table is the same as without a limit, and exactly one users request is made per page,
 * none past the last.
 */
@ZohoBatchTest
class PageConcurrencyFunctionalTests {

	static final Pattern HALVED = Pattern
		.compile("Zoho answered TOO_MANY_REQUESTS at a limit of (\\d+) pages in flight; allowing (\\d+) from now on");

	// 80 pages of 5 (the tests' page size)
	static final int USERS = 400;

	static final int LIMIT = 4;

	// one organisation for the class: its server must be configured as the connection's
	// accounts server before the application starts. Each call takes 250 ms, as Zoho's
	// often do: the client counts a page in flight until it has read the answer, which
	// the sandbox has sent a few milliseconds before; with much shorter calls that gap
	// hides a page from Zoho's count, and one page more than Zoho allows can go unnoticed
	static final ZohoSandbox ZOHO = ZohoSandbox.start(USERS, Duration.ofMillis(250));

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@DynamicPropertySource
	static void sandboxConnection(DynamicPropertyRegistry registry) {
		registry.add("zoho.connections.sandbox.client-id", ZOHO::clientId);
		registry.add("zoho.connections.sandbox.client-secret", ZOHO::clientSecret);
		registry.add("zoho.connections.sandbox.accounts-url", ZOHO::baseUrl);
	}

	@AfterAll
	static void stopSandbox() {
		ZOHO.close();
	}

	@Test
	void pagesInFlightRampUpToZohosLimitHalveOnTooManyRequestsAndTheTableIsTheSameAsWithoutALimit(CapturedOutput output)
			throws Exception {
		// given: the organisation says Enterprise (20 concurrent calls), but Zoho serves
		// 4
		// at once at the moment (other integrations use the rest) and answers 429 above
		ZOHO.limitConcurrency(LIMIT);
		authorize();

		// when
		JobExecution execution = this.jobRuns.run("sandbox");

		// then: the pages in flight reached the limit (from 2), went over it by one
		// request
		// at most, were halved, and every page was served exactly once
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(Collections.max(ZOHO.concurrencyOverTime(Duration.ofMillis(100)))).isEqualTo(LIMIT);
		assertThat(ZOHO.peakConcurrency()).isEqualTo(LIMIT + 1);
		int throttled = ZOHO.throttledRequests();
		assertThat(throttled).isPositive();
		Matcher halved = HALVED.matcher(output.getAll());
		assertThat(halved.find()).as("the limit was halved").isTrue();
		assertThat(Integer.parseInt(halved.group(1))).isGreaterThan(LIMIT);
		assertThat(Integer.parseInt(halved.group(2))).isEqualTo(Integer.parseInt(halved.group(1)) / 2);
		assertThat(ZOHO.usersRequests()).isEqualTo(USERS / 5);
		List<Map<String, Object>> throttledTable = table();

		// when: the same organisation read again from scratch, without a limit
		Tables.clean(this.fixture.jdbc());
		ZOHO.limitConcurrency(0);
		authorize();
		assertThat(this.jobRuns.run("sandbox").getStatus()).isEqualTo(BatchStatus.COMPLETED);

		// then
		assertThat(ZOHO.throttledRequests()).isEqualTo(throttled);
		assertThat(table()).hasSize((int) ZOHO.users().activeCount()).isEqualTo(throttledTable);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 5, 41, 200 })
	void exactlyOneUsersRequestPerPageAndNoneBeyondTheLast(int users) throws Exception {
		// given: Zoho counts the users (pages of 5), and answers 204 past the last page
		this.fixture.authorized("test");
		new GeneratedUsers(users, 5).stub(this.fixture.zoho(), 0);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then: ceil(N / 5) requests; for no users at all, page 1 once (answered 204)
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		int pages = Math.max(1, (users + 4) / 5);
		this.fixture.zoho().verify(pages, getRequestedFor(urlPathEqualTo("/crm/v8/users")));
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users/actions/count")));
	}

	// every column Zoho's answers decide, the users in id order
	private List<Map<String, Object>> table() {
		return this.fixture.jdbc()
			.sql("select zoho_user_id, email, full_name, first_name, last_name, status, confirmed, role_id, role_name, "
					+ "profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time, active "
					+ "from zoho_user_aggregation order by zoho_user_id")
			.query()
			.listOfRows();
	}

	// a grant code exchanged at the sandbox, as authorize does
	private void authorize() throws Exception {
		ZohoSandbox zoho = ZOHO;
		String form = "grant_type=authorization_code&client_id=" + zoho.clientId() + "&client_secret="
				+ zoho.clientSecret() + "&code=" + zoho.issueGrantCode();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(zoho.baseUrl() + "/oauth/v2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = JsonMapper.builder().build().readTree(response.body());
		this.fixture.store("sandbox", zoho.baseUrl(), body.path("access_token").asString(),
				body.path("refresh_token").asString());
	}

}
