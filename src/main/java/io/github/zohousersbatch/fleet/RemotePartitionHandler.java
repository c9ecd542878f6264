package io.github.zohousersbatch.fleet;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.JobRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The manager's side of a remote fleet run: each partition goes to the broker as Spring
 * Batch's {@link StepExecutionRequest} (a step name and a step execution id: the
 * connection's name is in the partition's context in the shared job repository, and no
 * token or secret travels), and the manager then watches the job repository until every
 * partition has ended, as Spring Batch's polling {@code MessageChannelPartitionHandler}
 * does.
 * <p>
 * Unlike that one, it does not wait for a dead worker until a timeout fails the whole
 * step. A partition taken by a worker ({@code STARTED}) on which nothing has moved for
 * {@code zoho.fleet.worker-timeout} (neither the partition nor its connection's
 * execution) and whose connection's lock no live process holds (the worker's database
 * session, kept alive by its heartbeat, ended with it) is marked failed, naming the
 * worker's host and PID, and so is the connection's execution; the partition is sent
 * again as a new execution of the same partition, and the worker that takes it resumes
 * the connection from its last committed page. A partition a worker handed back when it
 * was shut down ({@link FleetWorker#HANDED_BACK}) is sent again the same way. Requests
 * the broker would not take are sent again at the next look.
 */
class RemotePartitionHandler extends AbstractPartitionHandler {

	private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

	private final MessageChannel requests;

	private final JobRepository jobRepository;

	private final ObjectProvider<JobRuns> runs;

	private final FleetProperties properties;

	RemotePartitionHandler(MessageChannel requests, JobRepository jobRepository, ObjectProvider<JobRuns> runs,
			FleetProperties properties) {
		this.requests = requests;
		this.jobRepository = jobRepository;
		this.runs = runs;
		this.properties = properties;
	}

	@Override
	protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
		// the latest execution of each partition, by partition name
		Map<String, StepExecution> latest = partitions.stream()
			.collect(
					Collectors.toMap(StepExecution::getStepName, Function.identity(), (a, b) -> b, LinkedHashMap::new));
		Map<String, ExecutionContext> contexts = partitions.stream()
			.collect(Collectors.toMap(StepExecution::getStepName, StepExecution::getExecutionContext));
		List<StepExecution> unsent = new ArrayList<>(latest.values());
		log.info("Fleet execution {}: {} partitions sent to the workers (queue {})", manager.getJobExecutionId(),
				partitions.size(), this.properties.queue());
		while (true) {
			send(unsent);
			JobExecution fleet = this.jobRepository.getJobExecution(manager.getJobExecutionId());
			Map<Long, StepExecution> stored = fleet.getStepExecutions()
				.stream()
				.collect(Collectors.toMap(StepExecution::getId, Function.identity()));
			boolean running = false;
			for (Map.Entry<String, StepExecution> entry : latest.entrySet()) {
				StepExecution partition = stored.getOrDefault(entry.getValue().getId(), entry.getValue());
				entry.setValue(partition);
				if (handedBack(partition) || (partition.getStatus() == BatchStatus.STARTED
						&& abandoned(partition, contexts.get(partition.getStepName())))) {
					partition = again(fleet, partition, contexts.get(partition.getStepName()));
					entry.setValue(partition);
					unsent.add(partition);
				}
				running |= partition.getStatus().isRunning();
			}
			if (!running) {
				return new HashSet<>(latest.values());
			}
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
	}

	private void send(List<StepExecution> unsent) {
		for (var iterator = unsent.iterator(); iterator.hasNext();) {
			StepExecution partition = iterator.next();
			try {
				this.requests.send(MessageBuilder
					.withPayload(new StepExecutionRequest(ZohoJob.RUN_CONNECTION_STEP, partition.getId()))
					.build());
				iterator.remove();
			}
			catch (RuntimeException ex) {
				log.warn("Partition {} could not be sent to the broker yet ({}); sending it again shortly",
						partition.getStepName(), ex.getMessage());
				return;
			}
		}
	}

	private static boolean handedBack(StepExecution partition) {
		return partition.getStatus() == BatchStatus.STOPPED
				&& FleetWorker.HANDED_BACK.equals(partition.getExitStatus().getExitCode());
	}

	// no sign of life for the timeout, and no live process holds the connection's lock;
	// the connection's execution left running is then marked failed
	private boolean abandoned(StepExecution partition, ExecutionContext context) {
		String connection = context.getString(ZohoJob.CONNECTION);
		JobExecution run = this.jobRepository.getLastJobExecution(ZohoJob.NAME,
				new JobParametersBuilder().addString(ZohoJob.CONNECTION, connection)
					.addString(ZohoJob.RUN_ID, context.getString(ZohoJob.RUN_ID))
					.toJobParameters());
		LocalDateTime lastSign = latest(partition.getLastUpdated(), partition.getStartTime());
		if (run != null) {
			lastSign = latest(lastSign, run.getLastUpdated());
			for (StepExecution step : run.getStepExecutions()) {
				lastSign = latest(lastSign, step.getLastUpdated());
			}
		}
		Duration timeout = this.properties.workerTimeout();
		if (lastSign != null && lastSign.plus(timeout).isAfter(LocalDateTime.now())) {
			return false;
		}
		return this.runs.getObject()
			.recoverIfAbandoned(connection, "stopped answering for " + timeout.toSeconds() + " s (killed?); the fleet "
					+ "sent its partition to a worker again, which resumes it");
	}

	// the partition's next execution, with the partition's context
	private StepExecution again(JobExecution fleet, StepExecution previous, ExecutionContext context) {
		StepExecution hydrated = this.jobRepository.getStepExecution(previous.getId());
		String worker = RunConnectionStep.workerOf((hydrated != null) ? hydrated : previous)
			.orElse("a worker that had not started it");
		if (previous.getStatus().isRunning()) {
			previous.setStatus(BatchStatus.FAILED);
			previous.setExitStatus(new ExitStatus(FailureReason.FAILED.name(),
					"The worker " + worker + " stopped answering for " + this.properties.workerTimeout().toSeconds()
							+ " s (killed?); its partition was sent again"));
			previous.setEndTime(LocalDateTime.now());
			this.jobRepository.update(previous);
			log.warn("Partition {} of fleet execution {}: the worker {} stopped answering; marked failed, sent again",
					previous.getStepName(), fleet.getId(), worker);
		}
		else {
			log.info("Partition {} of fleet execution {} was handed back by {}, which was shut down; sent again",
					previous.getStepName(), fleet.getId(), worker);
		}
		StepExecution next = this.jobRepository.createStepExecution(previous.getStepName(), fleet);
		next.setExecutionContext(new ExecutionContext(Map.of(ZohoJob.CONNECTION, context.getString(ZohoJob.CONNECTION),
				ZohoJob.RUN_ID, context.getString(ZohoJob.RUN_ID))));
		this.jobRepository.updateExecutionContext(next);
		return next;
	}

	private static LocalDateTime latest(LocalDateTime a, LocalDateTime b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

}
