package io.github.zohousersbatch.fleet;

import java.time.LocalDateTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.ExecutionHistory;
import io.github.zohousersbatch.job.JobRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A worker of remote fleet runs: runs each partition request from the broker with Spring
 * Batch's {@link StepExecutionRequestHandler}, that is {@link RunConnectionStep}, the
 * connection's own run exactly as a local fleet runs it. A request for a partition that
 * no longer waits for a worker (another worker took it, the manager sent it again or gave
 * it up) is dropped.
 * <p>
 * {@link #drain()} (SIGTERM) asks the connections it runs to stop at their next chunk
 * boundary, the way {@code stop} does from another process, and hands their partitions
 * back to the manager, which sends them to another worker; a request taken meanwhile is
 * handed back at once. Nothing goes back to the broker, which could otherwise give a
 * request straight back to this worker until it gives up on it.
 */
public class FleetWorker {

	/** The exit code of a partition a worker handed back when it was shut down. */
	public static final String HANDED_BACK = "HANDED_BACK";

	private static final Logger log = LoggerFactory.getLogger(FleetWorker.class);

	private final JobRepository jobRepository;

	private final ExecutionHistory history;

	private final StepExecutionRequestHandler handler;

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	private volatile boolean draining;

	FleetWorker(JobRepository jobRepository, ObjectProvider<JobRuns> runs, ExecutionHistory history) {
		this.jobRepository = jobRepository;
		this.history = history;
		RunConnectionStep step = new RunConnectionStep(jobRepository, runs, history);
		this.handler = new StepExecutionRequestHandler();
		this.handler.setJobRepository(jobRepository);
		this.handler.setStepLocator((name) -> step);
	}

	/** Runs the partition of the request; null when it was dropped or handed back. */
	public StepExecution handle(StepExecutionRequest request) {
		StepExecution partition = this.jobRepository.getStepExecution(request.getStepExecutionId());
		BatchStatus fleetStatus = (partition != null)
				? this.history.statusOf(partition.getJobExecutionId()).orElse(null) : null;
		if (partition == null || partition.getStatus() != BatchStatus.STARTING || fleetStatus == null
				|| !fleetStatus.isRunning()) {
			log.info("Partition request for step execution {} dropped: {}", request.getStepExecutionId(),
					(partition == null) ? "no such step execution" : "the partition is " + partition.getStatus()
							+ ", its fleet execution " + ((fleetStatus != null) ? fleetStatus : "gone"));
			return null;
		}
		if (this.draining) {
			handBack(partition);
			return null;
		}
		if (!claim(partition)) {
			log.info("Partition request for step execution {} dropped: another worker took it",
					request.getStepExecutionId());
			return null;
		}
		String connection = partition.getExecutionContext().getString(ZohoJob.CONNECTION);
		this.running.add(connection);
		try {
			log.info("Partition {} of fleet execution {} taken", partition.getStepName(),
					partition.getJobExecutionId());
			StepExecution done = this.handler.handle(request);
			if (this.draining && done.getStatus() != BatchStatus.COMPLETED) {
				handBack(done);
			}
			return done;
		}
		finally {
			synchronized (this.running) {
				this.running.remove(connection);
				this.running.notifyAll();
			}
		}
	}

	/**
	 * Stops the connections this worker runs at their next chunk boundary and waits for
	 * their partitions to end (handed back to the manager).
	 */
	public void drain() throws InterruptedException {
		this.draining = true;
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(ZohoJob.NAME)) {
			if (this.running.contains(execution.getJobParameters().getString(ZohoJob.CONNECTION))) {
				// as a stop from another process: the step reads it at its next chunk
				// boundary
				execution.setStatus(BatchStatus.STOPPING);
				this.jobRepository.update(execution);
			}
		}
		synchronized (this.running) {
			while (!this.running.isEmpty()) {
				this.running.wait();
			}
		}
	}

	// the manager may send a request again while the first still waits in the queue:
	// only one worker takes the partition, the one whose update of it comes first
	private boolean claim(StepExecution partition) {
		partition.setStatus(BatchStatus.STARTED);
		try {
			this.jobRepository.update(partition);
			return true;
		}
		catch (OptimisticLockingFailureException ex) {
			return false;
		}
	}

	private void handBack(StepExecution partition) {
		partition.setStatus(BatchStatus.STOPPED);
		partition.setExitStatus(new ExitStatus(HANDED_BACK,
				"Handed back by its worker, which was shut down; the fleet sends it to a worker again"));
		if (partition.getEndTime() == null) {
			partition.setEndTime(LocalDateTime.now());
		}
		this.jobRepository.update(partition);
		log.info("Partition {} handed back to the manager", partition.getStepName());
	}

}
