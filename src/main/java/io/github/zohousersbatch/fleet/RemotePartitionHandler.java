package io.github.zohousersbatch.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.job.JobRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
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
 * Unlike that one, it neither waits for ever nor fails the whole step at the first dead
 * worker ({@link PartitionRecovery}): a partition no worker took within
 * {@code zoho.fleet.worker-timeout} is sent again (its request may have been lost; a
 * worker drops the duplicate); one whose worker died, or that a worker handed back, is
 * sent again as a new execution. A partition that a live process still runs from the
 * fleet's previous execution (a manager restarted beside its workers) is left to it, and
 * sent only once that process let the connection go. At {@code zoho.fleet.timeout}, or
 * when an operator stops the fleet, the partitions no worker took end without starting
 * and the running ones are asked to stop at their next chunk boundary.
 */
class RemotePartitionHandler extends AbstractPartitionHandler {

	private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

	private final MessageChannel requests;

	private final JobRepository jobRepository;

	private final FleetProperties properties;

	private final PartitionRecovery recovery;

	RemotePartitionHandler(MessageChannel requests, JobRepository jobRepository, ObjectProvider<JobRuns> runs,
			ConnectionLock locks, FleetProperties properties) {
		this.requests = requests;
		this.jobRepository = jobRepository;
		this.properties = properties;
		this.recovery = new PartitionRecovery(jobRepository, runs, locks, properties);
	}

	@Override
	protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
		// the latest execution of each partition, by partition name
		Map<String, StepExecution> latest = partitions.stream()
			.collect(
					Collectors.toMap(StepExecution::getStepName, Function.identity(), (a, b) -> b, LinkedHashMap::new));
		Map<String, ExecutionContext> contexts = partitions.stream()
			.collect(Collectors.toMap(StepExecution::getStepName, StepExecution::getExecutionContext));
		Map<String, PartitionWatch> watches = new HashMap<>();
		latest.keySet().forEach(name -> watches.put(name, new PartitionWatch(this.properties.workerTimeout())));
		Set<String> heldBack = this.recovery.leftRunning(manager, latest.keySet());
		List<StepExecution> unsent = new ArrayList<>(
				latest.values().stream().filter(partition -> !heldBack.contains(partition.getStepName())).toList());
		long deadline = System.nanoTime() + this.properties.timeout().toNanos();
		log.info("Fleet execution {}: {} partitions sent to the workers (queue {})", manager.getJobExecutionId(),
				unsent.size(), this.properties.queue());
		while (true) {
			send(unsent, watches);
			JobExecution fleet = this.jobRepository.getJobExecution(manager.getJobExecutionId());
			Map<Long, StepExecution> stored = fleet.getStepExecutions()
				.stream()
				.collect(Collectors.toMap(StepExecution::getId, Function.identity()));
			String windDown = (fleet.getStatus() == BatchStatus.STOPPING) ? "stopped by an operator"
					: (System.nanoTime() - deadline >= 0)
							? "zoho.fleet.timeout (" + this.properties.timeout() + ") passed" : null;
			boolean running = false;
			for (Map.Entry<String, StepExecution> entry : latest.entrySet()) {
				String name = entry.getKey();
				StepExecution partition = stored.getOrDefault(entry.getValue().getId(), entry.getValue());
				ExecutionContext context = contexts.get(name);
				PartitionWatch watch = watches.get(name);
				if (windDown != null) {
					partition = this.recovery.windDown(partition, context, watch, windDown);
				}
				else if (heldBack.contains(name)) {
					if (this.recovery.stillRunsElsewhere(manager, name, context)) {
						entry.setValue(partition);
						running = true;
						continue;
					}
					heldBack.remove(name);
					unsent.add(partition);
				}
				else if (this.recovery.toSendAgain(partition, context, watch)) {
					partition = this.recovery.again(fleet, partition, context);
					watches.put(name, new PartitionWatch(this.properties.workerTimeout()));
					unsent.add(partition);
				}
				else if (partition.getStatus() == BatchStatus.STARTING && watch.waitedTooLong()) {
					log.warn("Partition {} of fleet execution {}: no worker took it within {} (its request may have "
							+ "been lost); sent again", name, fleet.getId(), this.properties.workerTimeout());
					unsent.add(partition);
				}
				entry.setValue(partition);
				running |= partition.getStatus().isRunning();
			}
			if (!running) {
				return new HashSet<>(latest.values());
			}
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
	}

	private void send(List<StepExecution> unsent, Map<String, PartitionWatch> watches) {
		for (var iterator = unsent.iterator(); iterator.hasNext();) {
			StepExecution partition = iterator.next();
			try {
				this.requests.send(MessageBuilder
					.withPayload(new StepExecutionRequest(ZohoJob.RUN_CONNECTION_STEP, partition.getId()))
					.build());
				watches.get(partition.getStepName()).sent();
				iterator.remove();
			}
			catch (RuntimeException ex) {
				log.warn("Partition {} could not be sent to the broker yet ({}); sending it again shortly",
						partition.getStepName(), ex.getMessage());
				return;
			}
		}
	}

}
