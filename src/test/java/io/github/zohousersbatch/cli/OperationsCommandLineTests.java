package io.github.zohousersbatch.cli;

import java.nio.file.Path;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.cli.JarProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands driven through the command line in this JVM (each one starts its
 * own application, as the jar does): {@code --summary-file} of run and restart, and JSON
 * on standard output.
 */
@ZohoBatchTest
class OperationsCommandLineTests {

	@Autowired
	ZohoFixture fixture;

	final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void failedRunAndItsRestartEachWriteTheirSummary() throws Exception {
		// given: page 3 fails
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-", 4);
		this.fixture.stubPage(3, ZohoWireMock.json(503, "error-internal.json"));
		Path summary = this.directory.resolve("run.json");

		// when
		Result run = cli("run", "--connection", "test", "--summary-file", summary.toString());
		JsonNode failed = this.json.readTree(summary.toFile());
		this.fixture.stubPage(3, ZohoWireMock.json("users-page-3.json"));
		Result restart = cli("restart", "--last-failed", "--connection", "test", "--summary-file", summary.toString());
		JsonNode completed = this.json.readTree(summary.toFile());

		// then
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(failed.get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.get("exitCode").asInt()).isEqualTo(1);
		assertThat(failed.get("batchExitCode").asString()).isEqualTo("FAILED");
		assertThat(failed.get("read").asLong()).isEqualTo(10);
		assertThat(failed.get("message").asString()).contains("Users page 3").contains("HTTP 503");
		assertThat(restart.exitCode()).isZero();
		assertThat(restart.stdout()).contains("COMPLETED");
		assertThat(completed.get("jobInstanceId").asLong()).isEqualTo(failed.get("jobInstanceId").asLong());
		assertThat(completed.get("executionId").asLong()).isGreaterThan(failed.get("executionId").asLong());
		assertThat(completed.get("connection").asString()).isEqualTo("test");
		assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(completed.get("exitCode").asInt()).isZero();
		assertThat(completed.get("batchExitCode").asString()).isEqualTo("COMPLETED");
		assertThat(completed.get("read").asLong()).isEqualTo(7);
		assertThat(completed.get("active").asLong()).isEqualTo(5);
		assertThat(completed.get("filtered").asLong()).isEqualTo(2);
		assertThat(completed.get("deactivated").asLong()).isZero();
		assertThat(completed.get("durationMs").asLong()).isNotNegative();
		assertThat(completed.get("startTime").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
		assertThat(completed.get("message").isNull()).isTrue();
		assertThat(this.directory).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".tmp"));
	}

	@Test
	void configurationErrorWritesWhatIsKnown() throws Exception {
		// given
		Path summary = this.directory.resolve("run.json");

		// when
		Result run = cli("run", "--connection", "nowhere", "--summary-file", summary.toString());

		// then
		assertThat(run.exitCode()).isEqualTo(2);
		JsonNode written = this.json.readTree(summary.toFile());
		assertThat(written.get("executionId").isNull()).isTrue();
		assertThat(written.get("status").isNull()).isTrue();
		assertThat(written.get("connection").asString()).isEqualTo("nowhere");
		assertThat(written.get("exitCode").asInt()).isEqualTo(2);
		assertThat(written.get("batchExitCode").asString()).isEqualTo("CONFIGURATION");
		assertThat(written.get("message").asString()).startsWith("Zoho connection 'nowhere' is not configured");
	}

	@Test
	void summaryInAMissingDirectoryIsRefusedBeforeAnyWork() {
		// when
		Result run = cli("run", "--connection", "test", "--summary-file",
				this.directory.resolve("missing/run.json").toString());

		// then
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.stderr()).contains("Invalid value").contains("for option --summary-file");
		assertThat(this.fixture.jdbc().sql("select count(*) from batch_job_execution").query(Long.class).single())
			.isZero();
	}

	@Test
	void statusAndHistoryPrintOnlyJsonOnStandardOutput() throws Exception {
		// given
		this.fixture.authorized("test");
		long executionId = this.fixture.complete("test", "users-page-", 4).getId();

		// when
		Result list = cli("status", "--format", "json", "--connection", "test");
		Result detail = cli("status", String.valueOf(executionId), "--format", "json");
		Result history = cli("history", "--connection", "test", "--format", "JSON");

		// then
		assertThat(this.json.readTree(list.stdout()).get(0).get("executionId").asLong()).isEqualTo(executionId);
		assertThat(this.json.readTree(detail.stdout()).get("restart").asString())
			.isEqualTo("cannot be restarted: it completed");
		assertThat(this.json.readTree(history.stdout()).get(0).get("active").asLong()).isEqualTo(10);
	}

	@Test
	void unknownExecutionIsAConfigurationError() {
		// when
		Result detail = cli("status", "424242");

		// then
		assertThat(detail.exitCode()).isEqualTo(2);
		assertThat(detail.stderr()).contains("No execution 424242 of zohoActiveUsersJob");
	}

	private static Result cli(String... args) {
		return JarProcess.inProcess(args);
	}

}
