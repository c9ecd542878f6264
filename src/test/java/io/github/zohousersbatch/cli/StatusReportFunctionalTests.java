package io.github.zohousersbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.function.Consumer;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.job.ExecutionDetails;
import io.github.zohousersbatch.job.ExecutionHistory;
import io.github.zohousersbatch.job.JobRuns;
import io.github.zohousersbatch.reporting.RunHistory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code status}, {@code status EXECUTION_ID} and {@code history} print, as text and
 * as JSON, over real executions.
 */
@ZohoBatchTest
class StatusReportFunctionalTests {

	final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	ExecutionHistory executionHistory;

	@Autowired
	ExecutionDetails executionDetails;

	@Autowired
	RunHistory runHistory;

	@Test
	void listShowsEachExecutionWithItsExitCodesCountsAndReason() throws Exception {
		// given
		JobExecution failed = failOnPageThree();

		// when
		String text = print(
				out -> new StatusReport(out, OutputFormat.TEXT).list(this.executionHistory.recent("test", 20)));
		JsonNode list = this.json.readTree(
				print(out -> new StatusReport(out, OutputFormat.JSON).list(this.executionHistory.recent("test", 20))));

		// then
		assertThat(text.lines().findFirst().orElseThrow().strip())
			.matches("ID +CONNECTION +STARTED +DURATION +STATUS +EXIT +READ +ACTIVE +FILTERED +DEACTIVATED +MESSAGE");
		assertThat(text.lines().skip(1).findFirst().orElseThrow()).matches(" *" + failed.getId()
				+ " +test +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\d+\\.\\d s +FAILED +1 FAILED +10 +5 +5 +0 "
				+ "+aggregateUsers: Users page 3: .*");
		assertThat(list.size()).isEqualTo(1);
		JsonNode execution = list.get(0);
		assertThat(execution.get("executionId").asLong()).isEqualTo(failed.getId());
		assertThat(execution.get("jobInstanceId").asLong()).isEqualTo(failed.getJobInstance().getInstanceId());
		assertThat(execution.get("connection").asString()).isEqualTo("test");
		assertThat(execution.get("status").asString()).isEqualTo("FAILED");
		assertThat(execution.get("exitCode").asInt()).isEqualTo(1);
		assertThat(execution.get("batchExitCode").asString()).isEqualTo("FAILED");
		assertThat(execution.get("read").asLong()).isEqualTo(10);
		assertThat(execution.get("active").asLong()).isEqualTo(5);
		assertThat(execution.get("filtered").asLong()).isEqualTo(5);
		assertThat(OffsetDateTime.parse(execution.get("endTime").asString()))
			.isAfterOrEqualTo(OffsetDateTime.parse(execution.get("startTime").asString()));
		assertThat(execution.get("durationMs").asLong()).isNotNegative();
		assertThat(execution.get("message").asString()).contains("Users page 3");
	}

	@Test
	void detailShowsStepsRemedyAndWhereRestartWouldResume() throws Exception {
		// given
		JobExecution failed = failOnPageThree();
		ExecutionDetails.Detail detail = this.executionDetails.find(failed.getId()).orElseThrow();

		// when
		String text = print(out -> new StatusReport(out, OutputFormat.TEXT).detail(detail));
		JsonNode json = this.json.readTree(print(out -> new StatusReport(out, OutputFormat.JSON).detail(detail)));

		// then
		assertThat(text).startsWith("Execution " + failed.getId() + " of connection 'test': FAILED, exit 1 FAILED")
			.contains("Counts        10 read, 5 active, 5 filtered, 0 deactivated")
			.contains("Message       aggregateUsers: Users page 3")
			.contains("Remedy        Read the message")
			.contains(
					"Restart       restart would validate the token again, then read users page 2 again to check that "
							+ "Zoho's list still lines up, then resume at users page 3, offset 0");
		assertThat(text).containsPattern("validateToken +COMPLETED +COMPLETED +0 +0 +0 +1 +0 ")
			.containsPattern("aggregateUsers +FAILED +FAILED +10 +10 +0 +2 +1 ");
		assertThat(json.get("execution").get("executionId").asLong()).isEqualTo(failed.getId());
		assertThat(json.get("restartable").asBoolean()).isTrue();
		assertThat(json.get("restart").asString()).contains("resume at users page 3");
		assertThat(json.get("remedy").asString()).startsWith("Read the message");
		assertThat(json.get("steps")
			.valueStream()
			.map(step -> step.get("name").asString() + " " + step.get("status").asString() + " "
					+ step.get("read").asLong() + " " + step.get("rollback").asLong()))
			.containsExactly("validateToken COMPLETED 0 0", "recordOrgLicence COMPLETED 0 0",
					"aggregateUsers FAILED 10 1");
	}

	@Test
	void historyMarksADropLargerThanTheAlertShare() throws Exception {
		// given: 10 active, 10 active, then Zoho stops after page 3: 8 active
		this.fixture.authorized("test");
		this.fixture.complete("test", "users-page-", 4);
		this.fixture.complete("test", "users-later-page-", 4);
		this.fixture.stubPage(4, aResponse().withStatus(204));
		this.fixture.complete("test", "users-later-page-", 3);

		// when
		String text = print(
				out -> HistoryCommand.print(this.runHistory.latest("test", 20), 10, OutputFormat.TEXT, out));
		String lenient = print(
				out -> HistoryCommand.print(this.runHistory.latest("test", 20), 25, OutputFormat.TEXT, out));
		JsonNode json = this.json.readTree(
				print(out -> HistoryCommand.print(this.runHistory.latest("test", 2), 10, OutputFormat.JSON, out)));

		// then
		assertThat(text.lines().toList()).hasSize(4);
		assertThat(text.lines().skip(1).findFirst().orElseThrow())
			.matches("test +\\d+ +\\d+ +[-0-9: ]+ +8 +-2 \\(-20\\.0%\\) +15 +7 +2 +<< DROP");
		assertThat(text.lines().skip(2).findFirst().orElseThrow()).contains(" 10 ")
			.contains("+0 (+0.0%)")
			.doesNotContain("DROP");
		assertThat(text.lines().skip(3).findFirst().orElseThrow()).contains("(first)");
		assertThat(lenient).doesNotContain("DROP");
		assertThat(json.size()).isEqualTo(2);
		assertThat(json.get(0).get("active").asLong()).isEqualTo(8);
		assertThat(json.get(0).get("previousActive").asLong()).isEqualTo(10);
		assertThat(json.get(0).get("delta").asLong()).isEqualTo(-2);
		assertThat(json.get(0).get("deltaPercent").decimalValue()).isEqualByComparingTo("-20.0");
		assertThat(json.get(0).get("dropAlert").asBoolean()).isTrue();
		assertThat(json.get(1).get("dropAlert").asBoolean()).isFalse();
	}

	@Test
	void detailShowsZohosCountAndTheDifferenceOfAListingTrustedAfterTwoReads() throws Exception {
		// given: Zoho counts 20 users and lists the same 17 on every read
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-", 4);
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count")).willReturn(okJson("{\"count\":20}")));
		JobExecution run = this.jobRuns.run("test");
		ExecutionDetails.Detail detail = this.executionDetails.find(run.getId()).orElseThrow();

		// when
		String text = print(out -> new StatusReport(out, OutputFormat.TEXT).detail(detail));
		JsonNode json = this.json.readTree(print(out -> new StatusReport(out, OutputFormat.JSON).detail(detail)));

		// then
		assertThat(text).contains("COMPLETED").contains("Zoho count    20 users; the listing differs by -3");
		assertThat(json.get("execution").get("zohoCount").asLong()).isEqualTo(20);
		assertThat(json.get("execution").get("countDifference").asLong()).isEqualTo(-3);
	}

	private JobExecution failOnPageThree() throws Exception {
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-", 4);
		this.fixture.stubPage(3, ZohoWireMock.json(500, "error-internal.json"));
		return this.jobRuns.run("test");
	}

	private static String print(Consumer<PrintStream> report) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		report.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
