package io.github.zohousersbatch.fleet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code stop FLEET_ID}: the fleet's running connection stops at its next chunk boundary,
 * its partition and the fleet end {@code STOPPED} (exit code 6), and the fleet's restart
 * resumes the connection where it stopped.
 */
@ZohoBatchTest
class FleetStopFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	FleetRuns fleets;

	@Autowired
	JobRepository jobRepository;

	final ZohoWireMock.Gate gate = ZohoWireMock.gate();

	@AfterEach
	void openTheGate() {
		this.gate.open();
	}

	@Test
	void aStoppedFleetStopsItsConnectionAtAChunkBoundaryAndItsRestartResumesIt() throws Exception {
		// given: a fleet whose connection waits for its page 2
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(2)
				.willReturn(ZohoWireMock.json("users-page-2.json").withTransformers(ZohoWireMock.Gate.NAME)));
		this.gate.close();
		CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(() -> {
			try {
				return this.fleets.run(List.of("test"));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> this.gate.waiting() > 0);
		long fleetId = this.fleets.recent(1).get(0).getId();

		// when
		this.fleets.stop(fleetId);
		this.gate.open();
		JobExecution stopped = running.get(1, TimeUnit.MINUTES);

		// then
		assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(stopped.getExitStatus().getExitCode()).isEqualTo("STOPPED");
		assertThat(this.jobRepository.getJobExecution(fleetId).getStepExecutions())
			.filteredOn(step -> step.getStepName().startsWith(ZohoJob.RUN_CONNECTION_STEP + ":"))
			.extracting(StepExecution::getStatus)
			.containsExactly(BatchStatus.STOPPED);
		assertThat(this.fixture.activeIds("test")).isEmpty();

		// and its restart resumes it
		JobExecution restarted = this.fleets.restart(fleetId);
		assertThat(restarted.getStatus()).as(restarted.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).isEqualTo(ZohoFixture.ACTIVE_IDS);
	}

}
