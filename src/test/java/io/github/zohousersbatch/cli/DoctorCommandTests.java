package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.cli.JarProcess.Result;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} in-process as a customer runs it: against the sandbox organisation of
 * 2,100 users as it is (every assumption holds), then counting users its listing does not
 * return; and against WireMock with a token lacking scopes, a 204 for the licence
 * feature, a refusal to page past 2,000 users and a small credit limit that it never
 * exceeds.
 */
class DoctorCommandTests {

	final JsonMapper json = JsonMapper.builder().build();

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	@BeforeAll
	static void migrateSchema() {
		assertThat(JarProcess.inProcess("status").exitCode()).isZero();
	}

	@BeforeEach
	void cleanState() {
		ZohoWireMock.server().resetAll();
		Tables.clean(this.jdbc);
	}

	@Test
	void theSandboxOrganisationHoldsEveryAssumptionUntilItCountsUsersItDoesNotList() throws Exception {
		try (ZohoSandbox sandbox = ZohoSandbox.start(2100, Duration.ZERO)) {
			List<String> connection = List.of("--zoho.connections.sandbox.client-id=" + sandbox.clientId(),
					"--zoho.connections.sandbox.client-secret=" + sandbox.clientSecret(),
					"--zoho.connections.sandbox.accounts-url=" + sandbox.baseUrl());
			assertThat(cli(connection, "authorize", "--connection", "sandbox", "--code", sandbox.issueGrantCode())
				.exitCode()).isZero();

			// when: the organisation as it is
			Result healthy = cli(connection, "doctor", "--connection", "sandbox");

			// then
			assertThat(healthy.exitCode()).as(healthy.stderr()).isZero();
			assertThat(healthy.stdout()).contains("connection 'sandbox': every assumption holds")
				.containsPattern("scopes +OK +granted: ZohoCRM.users.READ ZohoCRM.org.READ ZohoCRM.features.READ")
				.containsPattern("data centre +OK +us: accounts server " + sandbox.baseUrl())
				.containsPattern("edition +OK +.*paid edition enterprise")
				.containsPattern("user licences +OK +purchased \\d+, used \\d+, available \\d+")
				.containsPattern("paging past 2,000 +OK +users page 11 of 200")
				.containsPattern("count = list \\(AllUsers\\) +OK +Zoho counts 2100, lists 2100 distinct users")
				.containsPattern("count = list \\(NotConfirmedUsers\\) +OK +Zoho counts 300, lists 300 distinct users")
				.containsPattern("concurrency limit +OK +20 concurrent calls for edition enterprise")
				.containsPattern("credits +OK +(\\d+) API credits used by these checks, at most 100");

			// when: Zoho counts 3 users its listing does not return
			sandbox.controls().offsetCount(3);
			Result counted = cli(connection, "doctor", "--connection", "sandbox", "--format", "json");

			// then
			assertThat(counted.exitCode()).isOne();
			JsonNode report = this.json.readTree(counted.stdout());
			assertThat(report.get("healthy").asBoolean()).isFalse();
			JsonNode all = check(report, "count = list (AllUsers)");
			assertThat(all.get("result").asString()).isEqualTo("FAIL");
			assertThat(all.get("detail").asString())
				.isEqualTo("Zoho counts 2103, lists 2100 distinct users " + "(difference -3)");
			assertThat(all.get("remedy").asString()).contains("zoho.job.completeness-check");
			assertThat(report.get("creditsUsed").asInt()).isEqualTo(healthyCredits(healthy)).isLessThanOrEqualTo(100);

		}
	}

	@Test
	void aTokenWithoutTheOptionalScopesAnEditionWithoutTheLicenceFeatureAndARefusedPageWithinTheCreditLimit() {
		// given: the token holds ZohoCRM.users.READ alone; a free organisation on an
		// Enterprise trial; Zoho counts 2,500 users of every type and refuses users page
		// 11 of 200 (users 2,001 on)
		ZohoFixture.forProcesses(TestDatabase.dataSource()).authorized("test");
		ZohoWireMock.server()
			.stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")
				.withBody(ZohoWireMock.fixture("org.json")
					.replace("2025-12-04T17:26:17+05:30", "2099-12-04T17:26:17+05:30"))));
		ZohoWireMock.server().stubFor(get("/crm/v8/__features/user_licenses").willReturn(aResponse().withStatus(204)));
		ZohoWireMock.server()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count")).willReturn(okJson("{\"count\":2500}")));
		ZohoWireMock.server()
			.stubFor(ZohoFixture.usersPage(11)
				.willReturn(ZohoWireMock.json(400, "error-discrete-pagination-limit.json")));

		// when: at most 9 credits
		Result result = JarProcess.inProcess("doctor", "--connection", "test", "--max-credits", "9");

		// then: the organisation, licences, counts and the paging probe (7 credits) fit;
		// no listing of 13 pages does
		assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isOne();
		assertThat(result.stdout()).contains("connection 'test': some assumptions do not hold")
			.containsPattern(
					"scopes +WARN +granted: ZohoCRM.users.READ; missing: ZohoCRM.org.READ, " + "ZohoCRM.features.READ")
			.containsPattern("data centre +OK +us: .*\\(environment unknown: not the API domain of a data centre")
			.containsPattern(
					"edition +OK +Acme Inc. \\(org \\d+\\): not paid: paid_type free, trial of enterprise until "
							+ "2099-12-04")
			.containsPattern("concurrency limit +OK +20 concurrent calls for edition enterprise \\(trial\\)")
			.containsPattern("user licences +OK +HTTP 204: the feature is not available in this edition")
			.containsPattern(
					"paging past 2,000 +FAIL +users page 11 answered HTTP 400 " + "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
			.containsPattern("count = list \\(AllUsers\\) +SKIPPED +Zoho counts 2500; listing them needs 13 "
					+ "credits, more than the limit leaves")
			.containsPattern("credits +OK +7 API credits used by these checks, at most 9")
			.contains("scopes (WARN): authorize the connection again")
			.contains("paging past 2,000 (FAIL): runs cannot read this organisation's users past 2,000");
		ZohoWireMock.server().verify(7, anyRequestedFor(urlPathMatching("/crm/v8/.*")));
	}

	private static JsonNode check(JsonNode report, String name) {
		for (JsonNode check : report.get("checks")) {
			if (check.get("name").asString().equals(name)) {
				return check;
			}
		}
		throw new AssertionError("no check " + name + " in " + report);
	}

	private static int healthyCredits(Result healthy) {
		java.util.regex.Matcher credits = java.util.regex.Pattern.compile("(\\d+) API credits used")
			.matcher(healthy.stdout());
		assertThat(credits.find()).isTrue();
		return Integer.parseInt(credits.group(1));
	}

	private static Result cli(List<String> extra, String... command) {
		List<String> args = new ArrayList<>(Arrays.asList(command));
		args.addAll(extra);
		return JarProcess.inProcess(args.toArray(String[]::new));
	}

}
