package io.github.zohousersbatch.job;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every log line of a run carries its execution and connection, and every line of a step
 * the step, for log shippers: MDC entries that Boot's structured logging writes into each
 * JSON line. The prefetching threads carry them too, and nothing is left once the run
 * ended.
 */
@ZohoBatchTest
class RunLogContextFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	final ListAppender<ILoggingEvent> events = new ListAppender<>();

	final Logger ours = (Logger) LoggerFactory.getLogger("io.github.zohousersbatch");

	@BeforeEach
	void captureLogs() throws Exception {
		this.events.start();
		this.ours.addAppender(this.events);
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		for (int page = 1; page <= 4; page++) {
			this.fixture.stubPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
		// a retried page: the retry is logged on a prefetching thread
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(3)
				.inScenario("503")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(ZohoWireMock.json(503, "error-internal.json"))
				.willSetStateTo("recovered"));
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(3)
				.inScenario("503")
				.whenScenarioStateIs("recovered")
				.willReturn(ZohoWireMock.json("users-page-3.json")));
	}

	@AfterEach
	void stopCapturing() {
		this.ours.detachAppender(this.events);
	}

	@Test
	void everyLineOfARunCarriesItsExecutionAndConnectionAndEveryLineOfAStepItsStep() throws Exception {
		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
		List<ILoggingEvent> lines = this.events.list;
		assertThat(lines).hasSizeGreaterThan(5)
			.allSatisfy(line -> assertThat(line.getMDCPropertyMap()).as(line.getFormattedMessage())
				.containsEntry(RunLogContext.EXECUTION, String.valueOf(execution.getId()))
				.containsEntry(RunLogContext.CONNECTION, "test"));
		assertThat(step(lines, "Users page 1 of connection 'test'")).isEqualTo("aggregateUsers");
		assertThat(step(lines, "Read ")).isEqualTo("aggregateUsers");
		assertThat(lines).filteredOn(line -> line.getFormattedMessage().contains("retry 1 of"))
			.isNotEmpty()
			.allSatisfy(line -> assertThat(line.getThreadName()).isEqualTo("zoho-users-fetch"))
			.allSatisfy(
					line -> assertThat(line.getMDCPropertyMap()).containsEntry(RunLogContext.STEP, "aggregateUsers"));
		assertThat(lines).filteredOn(line -> line.getFormattedMessage().startsWith("Execution "))
			.hasSize(2)
			.allSatisfy(line -> assertThat(line.getMDCPropertyMap()).doesNotContainKey(RunLogContext.STEP));
		assertThat(MDC.getCopyOfContextMap()).satisfiesAnyOf(context -> assertThat(context).isNull(),
				context -> assertThat(context).isEqualTo(Map.of()));
	}

	private static String step(List<ILoggingEvent> lines, String start) {
		return lines.stream()
			.filter(line -> line.getFormattedMessage().startsWith(start))
			.findFirst()
			.orElseThrow()
			.getMDCPropertyMap()
			.get(RunLogContext.STEP);
	}

}
