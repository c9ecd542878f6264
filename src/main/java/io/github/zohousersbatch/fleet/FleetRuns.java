package io.github.zohousersbatch.fleet;

import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.job.ExecutionHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

/**
 * Starts and restarts fleet executions ({@value ZohoJob#FLEET_NAME}). A fleet execution
 * holds a lock of its own for as long as it runs, like a connection's execution, so that
 * one left running by a killed process is recognised and recovered before its restart.
 */
@Service
public class FleetRuns {

	private static final Logger log = LoggerFactory.getLogger(FleetRuns.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job fleetJob;

	private final FleetMembers members;

	private final Connections connections;

	private final ConnectionLock locks;

	private final FleetProperties properties;

	FleetRuns(JobOperator jobOperator, JobRepository jobRepository, Job zohoFleetJob, FleetMembers members,
			Connections connections, ConnectionLock locks, FleetProperties properties) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.fleetJob = zohoFleetJob;
		this.members = members;
		this.connections = connections;
		this.locks = locks;
		this.properties = properties;
	}

	/** Every enabled connection, by name. */
	public List<String> enabledConnections() {
		List<String> enabled = this.connections.enabled();
		if (enabled.isEmpty()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"No enabled connection to run (see: zoho-users-batch connections)");
		}
		return enabled;
	}

	/** A new fleet run of these connections, in this order, each one from page 1. */
	public JobExecution run(List<String> connectionNames) throws Exception {
		Set<String> names = new LinkedHashSet<>(connectionNames);
		Set<String> known = new LinkedHashSet<>(this.connections.all().stream().map(Connections.Known::name).toList());
		for (String name : names) {
			if (!known.contains(name)) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION, "Unknown connection '" + name + "' (known: "
						+ String.join(", ", known) + "; see: zoho-users-batch connections)");
			}
		}
		recoverDeadFleets();
		String runId = UUID.randomUUID().toString();
		this.members.record(runId, List.copyOf(names));
		try (ConnectionLock.Held lock = lock(runId)) {
			if (FleetProperties.MANAGER.equals(this.properties.role())) {
				log.info("Fleet run of {} connections, sent to the workers", names.size());
			}
			else {
				log.info("Fleet run of {} connections, at most {} at once", names.size(),
						this.properties.concurrency());
			}
			return this.jobOperator.start(this.fleetJob,
					new JobParametersBuilder().addString(ZohoJob.RUN_ID, runId).toJobParameters());
		}
	}

	/**
	 * A new execution of the fleet execution's run: only its connections that did not
	 * complete run, each resuming its own execution.
	 */
	public JobExecution restart(long fleetExecutionId) throws Exception {
		JobExecution execution = find(fleetExecutionId).orElseThrow(
				() -> new ZohoBatchException(FailureReason.CONFIGURATION, "No fleet execution " + fleetExecutionId));
		String runId = execution.getJobParameters().getString(ZohoJob.RUN_ID);
		try (ConnectionLock.Held lock = lock(runId)) {
			if (execution.isRunning()) {
				execution = recover(execution);
			}
			refuseRestartOf(execution);
			log.info("Restarting fleet execution {} (job instance {})", fleetExecutionId,
					execution.getJobInstance().getInstanceId());
			return this.jobOperator.restart(execution);
		}
	}

	/**
	 * Asks a running fleet execution to stop: its connections running here or on workers
	 * stop at their next chunk boundary, those not started yet do not start; it ends
	 * {@code STOPPED} and its restart resumes it. One whose process is gone is marked
	 * stopped at once.
	 */
	public JobExecution stop(long fleetExecutionId) throws Exception {
		JobExecution execution = find(fleetExecutionId).filter(JobExecution::isRunning)
			.orElseThrow(() -> new ZohoBatchException(FailureReason.CONFIGURATION,
					"No running fleet execution " + fleetExecutionId + " (see: zoho-users-batch status --fleet)"));
		String runId = execution.getJobParameters().getString(ZohoJob.RUN_ID);
		Optional<ConnectionLock.Held> dead = this.locks.tryAcquire(fleetLock(runId));
		if (dead.isPresent()) {
			try (ConnectionLock.Held lock = dead.get()) {
				JobExecution stopped = recover(execution);
				stopped.setStatus(BatchStatus.STOPPED);
				stopped.setExitStatus(new ExitStatus(FailureReason.STOPPED.name(),
						"Stopped by an operator after its process had ended; resume with: zoho-users-batch restart "
								+ fleetExecutionId));
				this.jobRepository.update(stopped);
				return stopped;
			}
		}
		this.jobOperator.stop(execution);
		for (String connection : this.members.of(runId)) {
			JobExecution run = this.jobRepository.getLastJobExecution(ZohoJob.NAME,
					new JobParametersBuilder().addString(ZohoJob.CONNECTION, connection)
						.addString(ZohoJob.RUN_ID, ConnectionPartitioner.runId(runId, connection))
						.toJobParameters());
			if (run != null && run.getStatus() == BatchStatus.STARTED) {
				PartitionRecovery.askToStop(this.jobRepository, run);
			}
		}
		log.info("Fleet execution {}: stop requested", fleetExecutionId);
		return this.jobRepository.getJobExecution(fleetExecutionId);
	}

	/** Restarts the latest fleet execution if it did not complete; empty otherwise. */
	public Optional<JobExecution> restartLastFailed() throws Exception {
		Optional<JobExecution> latest = recent(1).stream().findFirst();
		if (latest.isEmpty() || latest.get().getStatus() == BatchStatus.COMPLETED
				|| latest.get().getStatus() == BatchStatus.ABANDONED) {
			return Optional.empty();
		}
		return Optional.of(restart(latest.get().getId()));
	}

	/** The fleet execution with this id, if it is one. */
	public Optional<JobExecution> find(long executionId) {
		return ExecutionHistory.find(this.jobRepository, executionId, ZohoJob.FLEET_NAME);
	}

	/** The latest fleet executions, newest first. */
	public List<JobExecution> recent(int limit) {
		return this.jobRepository.getJobInstances(ZohoJob.FLEET_NAME, 0, limit)
			.stream()
			.map(this.jobRepository::getLastJobExecution)
			.filter(execution -> execution != null)
			.toList();
	}

	private void refuseRestartOf(JobExecution execution) {
		BatchStatus status = execution.getStatus();
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Fleet execution " + execution.getId() + " cannot be restarted: it is " + status);
		}
		JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != execution.getId()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Fleet execution " + execution.getId()
					+ " was already restarted as execution " + last.getId() + "; restart that one");
		}
	}

	// fleet executions still marked running whose process is gone
	private void recoverDeadFleets() {
		for (JobExecution running : this.jobRepository.findRunningJobExecutions(ZohoJob.FLEET_NAME)) {
			String runId = running.getJobParameters().getString(ZohoJob.RUN_ID);
			this.locks.tryAcquire(fleetLock(runId)).ifPresent(lock -> {
				try (lock) {
					recover(running);
				}
			});
		}
	}

	// only with the fleet's lock held: no live process runs it. Its partitions that a
	// live worker still runs (their connection's lock is held) are left alone: the
	// fleet's restart leaves them to that worker
	private JobExecution recover(JobExecution dead) {
		JobExecution recovered = this.jobRepository.getJobExecution(dead.getId());
		for (StepExecution step : recovered.getStepExecutions()) {
			if (step.getStatus().isRunning() && !runsInALiveProcess(step)) {
				step.setStatus(BatchStatus.FAILED);
				step.setEndTime(LocalDateTime.now());
				this.jobRepository.update(step);
			}
		}
		recovered.setStatus(BatchStatus.FAILED);
		recovered.setEndTime(LocalDateTime.now());
		recovered.setExitStatus(new ExitStatus(FailureReason.FAILED.name(),
				"The process running this fleet execution ended without finishing it (killed?); marked failed, resume "
						+ "with: zoho-users-batch restart " + dead.getId()));
		this.jobRepository.update(recovered);
		log.warn("Fleet execution {} was left running by a process that ended; marked failed", dead.getId());
		return recovered;
	}

	private boolean runsInALiveProcess(StepExecution step) {
		String prefix = ZohoJob.RUN_CONNECTION_STEP + ":";
		return step.getStepName().startsWith(prefix)
				&& this.locks.isHeld(step.getStepName().substring(prefix.length()));
	}

	private ConnectionLock.Held lock(String runId) {
		return this.locks.tryAcquire(fleetLock(runId))
			.orElseThrow(() -> new ZohoBatchException(FailureReason.ALREADY_RUNNING,
					"This fleet run is running in another process; see: zoho-users-batch status --fleet"));
	}

	private static String fleetLock(String runId) {
		return "fleet:" + runId;
	}

}
