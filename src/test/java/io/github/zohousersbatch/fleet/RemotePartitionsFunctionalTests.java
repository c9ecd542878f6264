package io.github.zohousersbatch.fleet;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.job.ExecutionHistory;
import io.github.zohousersbatch.job.JobRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.integration.channel.DirectChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A remote fleet's manager ({@link RemotePartitionHandler}) and a worker
 * ({@link FleetWorker}) in this process, the broker replaced by a channel that can lose
 * requests as a broker or a rogue consumer of its queue can: a lost request is sent again
 * and the fleet completes; a partition no worker ever takes ends the fleet at
 * {@code zoho.fleet.timeout}, failed and restartable; a worker that died leaving times of
 * another time zone is seen dead all the same; {@code stop} of the fleet stops the
 * worker's connection at a chunk boundary.
 */
@ZohoBatchTest
class RemotePartitionsFunctionalTests {

	static final Duration WORKER_TIMEOUT = Duration.ofMillis(800);

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	FleetMembers members;

	@Autowired
	FleetOutcomes outcomes;

	@Autowired
	ObjectProvider<JobRuns> runs;

	@Autowired
	ConnectionLock locks;

	@Autowired
	ExecutionHistory history;

	@Autowired
	FleetRuns fleets;

	final ExecutorService workerThreads = Executors.newFixedThreadPool(2);

	final AtomicInteger requests = new AtomicInteger();

	String runId;

	@BeforeEach
	void anAuthorizedConnection() {
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.runId = UUID.randomUUID().toString();
		this.members.record(this.runId, List.of("test"));
	}

	@AfterEach
	void stopWorker() {
		this.workerThreads.shutdownNow();
	}

	@Test
	void aRequestLostOnItsWayToTheWorkersIsSentAgainAndTheFleetCompletes() throws Exception {
		// given: the first request is taken by a consumer that drops it
		Job fleet = fleet(Duration.ofMinutes(1), (request) -> this.requests.incrementAndGet() == 1);

		// when
		JobExecution execution = this.jobOperator.start(fleet, parameters());

		// then
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.requests).hasValue(2);
		assertThat(partitions(execution)).singleElement()
			.satisfies(partition -> assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED));
		assertThat(this.fixture.activeIds("test")).isNotEmpty();
	}

	@Test
	void aPartitionNoWorkerTakesEndsTheFleetAtItsTimeoutFailedAndRestartable() throws Exception {
		// given: every request is dropped
		Job lost = fleet(Duration.ofSeconds(2), (request) -> true);

		// when
		JobExecution execution = this.jobOperator.start(lost, parameters());

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription()).contains("never started: test");
		assertThat(partitions(execution)).singleElement()
			.satisfies(partition -> assertThat(partition.getExitStatus().getExitDescription())
				.startsWith("Never started: no worker took it before the fleet was zoho.fleet.timeout"));

		// and a restart with workers that take requests completes it
		JobExecution restarted = this.jobOperator.start(fleet(Duration.ofMinutes(1), (request) -> false), parameters());
		assertThat(restarted.getStatus()).as(restarted.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).isNotEmpty();
	}

	@Test
	void aDeadWorkerThatWroteTheTimesOfAnotherTimeZoneIsSeenDead() throws Exception {
		// given: the first request is taken by a worker 14 hours ahead of this clock
		// (Pacific/Kiritimati against UTC), which dies before its first page
		Job fleet = fleet(Duration.ofMinutes(1), (request) -> {
			if (this.requests.incrementAndGet() > 1) {
				return false;
			}
			this.fixture.jdbc()
				.sql("update batch_step_execution set status = 'STARTED', start_time = localtimestamp + interval "
						+ "'14 hours', last_updated = localtimestamp + interval '14 hours', version = version + 1 "
						+ "where step_execution_id = ?")
				.param(request.getStepExecutionId())
				.update();
			return true;
		});

		// when
		JobExecution execution = this.jobOperator.start(fleet, parameters());

		// then: sent again as a new execution once silent for the worker timeout
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(partitions(execution)).extracting(StepExecution::getStatus)
			.containsExactly(BatchStatus.FAILED, BatchStatus.COMPLETED);
	}

	@Test
	void aStoppedRemoteFleetStopsItsWorkersConnectionAtAChunkBoundary() throws Exception {
		// given: a remote fleet whose worker waits for page 2, the fleet's lock held as
		// its manager holds it
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(2)
				.willReturn(ZohoWireMock.json("users-page-2.json").withTransformers(ZohoWireMock.Gate.NAME)));
		ZohoWireMock.gate().close();
		Job fleet = fleet(Duration.ofMinutes(1), (request) -> false);
		try (ConnectionLock.Held manager = this.locks.tryAcquire("fleet:" + this.runId).orElseThrow()) {
			CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(() -> {
				try {
					return this.jobOperator.start(fleet, parameters());
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> ZohoWireMock.gate().waiting() > 0);

			// when
			this.fleets.stop(this.fleets.recent(1).get(0).getId());
			ZohoWireMock.gate().open();
			JobExecution stopped = running.get(1, TimeUnit.MINUTES);

			// then
			assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);
			assertThat(partitions(stopped)).extracting(StepExecution::getStatus).containsExactly(BatchStatus.STOPPED);
		}
		finally {
			ZohoWireMock.gate().open();
		}
	}

	// a remote fleet of the connection "test" whose requests go to a worker of this
	// process, but those the consumer drops
	private Job fleet(Duration timeout, Predicate<StepExecutionRequest> dropped) {
		FleetWorker worker = new FleetWorker(this.jobRepository, this.runs, this.history);
		DirectChannel channel = new DirectChannel();
		channel.subscribe((message) -> {
			StepExecutionRequest request = (StepExecutionRequest) message.getPayload();
			if (!dropped.test(request)) {
				this.workerThreads.submit(() -> worker.handle(request));
			}
		});
		FleetProperties properties = new FleetProperties(1, FleetProperties.MANAGER, WORKER_TIMEOUT, timeout, 0,
				"partitions");
		return new JobBuilder(ZohoJob.FLEET_NAME, this.jobRepository).listener(new FleetListener(this.outcomes))
			.start(new StepBuilder(ZohoJob.RUN_CONNECTIONS_STEP, this.jobRepository)
				.partitioner(ZohoJob.RUN_CONNECTION_STEP, new ConnectionPartitioner(List.of("test"), this.runId))
				.partitionHandler(
						new RemotePartitionHandler(channel, this.jobRepository, this.runs, this.locks, properties))
				.build())
			.build();
	}

	private JobParameters parameters() {
		return new JobParametersBuilder().addString(ZohoJob.RUN_ID, this.runId).toJobParameters();
	}

	private List<StepExecution> partitions(JobExecution execution) {
		return this.jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().startsWith(ZohoJob.RUN_CONNECTION_STEP + ":"))
			.sorted((a, b) -> Long.compare(a.getId(), b.getId()))
			.toList();
	}

}
