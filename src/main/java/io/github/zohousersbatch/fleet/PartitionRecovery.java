package io.github.zohousersbatch.fleet;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.job.JobRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * What a remote fleet's manager does with a partition that did not go as planned: its
 * worker died or handed it back (sent again as a new execution), a live process still
 * runs it from the fleet's previous execution (left alone), or the fleet winds down (an
 * operator's stop, {@code zoho.fleet.timeout}). Whether a worker died is read from the
 * connection's lock, the one proof of a live process, after a silence measured on the
 * manager's own clock ({@link PartitionWatch}).
 */
class PartitionRecovery {

	private static final Logger log = LoggerFactory.getLogger(PartitionRecovery.class);

	private final JobRepository jobRepository;

	private final ObjectProvider<JobRuns> runs;

	private final ConnectionLock locks;

	private final FleetProperties properties;

	PartitionRecovery(JobRepository jobRepository, ObjectProvider<JobRuns> runs, ConnectionLock locks,
			FleetProperties properties) {
		this.jobRepository = jobRepository;
		this.runs = runs;
		this.locks = locks;
		this.properties = properties;
	}

	/**
	 * The partitions that an earlier execution of the fleet left running: a manager
	 * restarted while its workers went on.
	 */
	Set<String> leftRunning(StepExecution manager, Set<String> names) {
		Set<String> left = new LinkedHashSet<>();
		for (StepExecution earlier : earlierRunning(manager)) {
			if (names.contains(earlier.getStepName())) {
				left.add(earlier.getStepName());
			}
		}
		return left;
	}

	/**
	 * Whether a live process still runs the partition from an earlier execution of the
	 * fleet (it holds the connection's lock); once none does, that earlier execution is
	 * marked failed if it was left running, and the partition can be sent.
	 */
	boolean stillRunsElsewhere(StepExecution manager, String name, ExecutionContext context) {
		List<StepExecution> earlier = earlierRunning(manager).stream()
			.filter(step -> step.getStepName().equals(name))
			.toList();
		if (earlier.isEmpty()) {
			return false;
		}
		if (this.locks.isHeld(context.getString(ZohoJob.CONNECTION))) {
			return true;
		}
		for (StepExecution dead : earlier) {
			end(dead, BatchStatus.FAILED, FailureReason.FAILED,
					"Left running by a process that ended; the fleet's next execution sent it again");
		}
		return false;
	}

	/**
	 * Whether the partition goes to a worker again as a new execution: handed back by its
	 * worker, or taken by one ({@code STARTED}) on which nothing has moved for
	 * {@code zoho.fleet.worker-timeout} (neither the partition nor its connection's
	 * execution) and whose connection's lock no live process holds (the worker's database
	 * session, kept alive by its heartbeat, ended with it).
	 */
	boolean toSendAgain(StepExecution partition, ExecutionContext context, PartitionWatch watch) {
		if (handedBack(partition)) {
			return true;
		}
		return partition.getStatus() == BatchStatus.STARTED && abandoned(partition, context, watch);
	}

	/**
	 * The partition as the fleet winds down: one no worker took ends without starting,
	 * one running is asked to stop at its next chunk boundary (its worker ends it), one
	 * whose worker died is marked failed.
	 */
	StepExecution windDown(StepExecution partition, ExecutionContext context, PartitionWatch watch, String why) {
		boolean stopped = why.startsWith("stopped");
		if (partition.getStatus() == BatchStatus.STARTING) {
			String message = "Never started: no worker took it before the fleet was " + why
					+ "; the fleet's restart sends it again";
			return end(partition, stopped ? BatchStatus.STOPPED : BatchStatus.FAILED,
					stopped ? FailureReason.STOPPED : FailureReason.FAILED, message);
		}
		if (partition.getStatus() == BatchStatus.STARTED) {
			JobExecution run = connectionRun(context);
			if (run != null && run.getStatus() == BatchStatus.STARTED) {
				askToStop(this.jobRepository, run);
				log.info("Partition {}: asked to stop at its next chunk boundary ({})", partition.getStepName(), why);
			}
			if (abandoned(partition, context, watch)) {
				return end(partition, BatchStatus.FAILED, FailureReason.FAILED,
						"The worker " + RunConnectionStep.workerOf(partition).orElse("?")
								+ " stopped answering while the fleet was " + why);
			}
		}
		return partition;
	}

	/** Asks a connection's execution running in any process to stop at its next chunk. */
	static void askToStop(JobRepository jobRepository, JobExecution run) {
		run.setStatus(BatchStatus.STOPPING);
		jobRepository.update(run);
	}

	// the partition's next execution, with the partition's context
	StepExecution again(JobExecution fleet, StepExecution previous, ExecutionContext context) {
		StepExecution hydrated = this.jobRepository.getStepExecution(previous.getId());
		String worker = RunConnectionStep.workerOf((hydrated != null) ? hydrated : previous)
			.orElse("a worker that had not started it");
		if (previous.getStatus().isRunning()) {
			end(previous, BatchStatus.FAILED, FailureReason.FAILED, "The worker " + worker + " stopped answering for "
					+ this.properties.workerTimeout().toSeconds() + " s (killed?); its partition was sent again");
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

	private static boolean handedBack(StepExecution partition) {
		return partition.getStatus() == BatchStatus.STOPPED
				&& FleetWorker.HANDED_BACK.equals(partition.getExitStatus().getExitCode());
	}

	// nothing moved for the timeout, as this manager saw it, and no live process holds
	// the connection's lock; the connection's execution left running is then marked
	// failed
	private boolean abandoned(StepExecution partition, ExecutionContext context, PartitionWatch watch) {
		JobExecution run = connectionRun(context);
		List<Object> signs = new ArrayList<>(List.of(partition.getId(), partition.getVersion()));
		if (run != null) {
			signs.addAll(List.of(run.getId(), run.getVersion(), run.getStatus()));
			run.getStepExecutions().forEach(step -> signs.addAll(List.of(step.getId(), step.getVersion())));
		}
		if (!watch.silent(signs)) {
			return false;
		}
		return this.runs.getObject()
			.recoverIfAbandoned(context.getString(ZohoJob.CONNECTION),
					"stopped answering for " + this.properties.workerTimeout().toSeconds()
							+ " s (killed?); the fleet sent its partition to a worker again, which resumes it");
	}

	private JobExecution connectionRun(ExecutionContext context) {
		return this.jobRepository.getLastJobExecution(ZohoJob.NAME,
				new JobParametersBuilder().addString(ZohoJob.CONNECTION, context.getString(ZohoJob.CONNECTION))
					.addString(ZohoJob.RUN_ID, context.getString(ZohoJob.RUN_ID))
					.toJobParameters());
	}

	private List<StepExecution> earlierRunning(StepExecution manager) {
		List<StepExecution> running = new ArrayList<>();
		for (JobExecution execution : this.jobRepository.getJobExecutions(manager.getJobExecution().getJobInstance())) {
			if (execution.getId() < manager.getJobExecutionId()) {
				execution.getStepExecutions()
					.stream()
					.filter(step -> step.getStepName().startsWith(ZohoJob.RUN_CONNECTION_STEP + ":"))
					.filter(step -> step.getStatus().isRunning())
					.forEach(running::add);
			}
		}
		return running;
	}

	// ends a partition the manager gives up on; a worker that took it meanwhile wins
	private StepExecution end(StepExecution partition, BatchStatus status, FailureReason reason, String message) {
		partition.setStatus(status);
		partition.setExitStatus(new ExitStatus(reason.name(), message));
		partition.setEndTime(LocalDateTime.now());
		try {
			this.jobRepository.update(partition);
		}
		catch (OptimisticLockingFailureException ex) {
			StepExecution current = this.jobRepository.getStepExecution(partition.getId());
			return (current != null) ? current : partition;
		}
		return partition;
	}

}
