package io.github.zohousersbatch.fleet;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.zohousersbatch.ZohoJob;
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
import org.springframework.integration.endpoint.MessageProducerSupport;

/**
 * A worker of remote fleet runs: runs each partition request from the broker with Spring
 * Batch's {@link StepExecutionRequestHandler}, that is {@link RunConnectionStep}, the
 * connection's own run exactly as a local fleet runs it. A request for a partition that
 * no longer waits for a worker (the manager already gave it up or sent it again) is
 * dropped.
 * <p>
 * {@link #drain()} (SIGTERM) takes no new request, asks the connections it runs to stop
 * at their next chunk boundary, and hands their partitions back to the manager, which
 * sends them to another worker; requests received meanwhile are refused, and the broker
 * gives them to another worker (the session is transacted).
 */
public class FleetWorker {

	/** The exit code of a partition a worker handed back when it was shut down. */
	public static final String HANDED_BACK = "HANDED_BACK";

	private static final Logger log = LoggerFactory.getLogger(FleetWorker.class);

	private final JobRepository jobRepository;

	private final StepExecutionRequestHandler handler;

	private final ObjectProvider<JobRuns> runs;

	private final ObjectProvider<MessageProducerSupport> intake;

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	private volatile boolean draining;

	FleetWorker(JobRepository jobRepository, ObjectProvider<JobRuns> runs,
			ObjectProvider<MessageProducerSupport> intake) {
		this.jobRepository = jobRepository;
		this.runs = runs;
		this.intake = intake;
		RunConnectionStep step = new RunConnectionStep(jobRepository, runs);
		this.handler = new StepExecutionRequestHandler();
		this.handler.setJobRepository(jobRepository);
		this.handler.setStepLocator((name) -> step);
	}

	/** Runs the partition of the request; null when it was dropped. */
	public StepExecution handle(StepExecutionRequest request) {
		if (this.draining) {
			throw new IllegalStateException("This worker is shutting down; the broker gives the request to another");
		}
		StepExecution partition = this.jobRepository.getStepExecution(request.getStepExecutionId());
		JobExecution fleet = (partition != null) ? this.jobRepository.getJobExecution(partition.getJobExecutionId())
				: null;
		if (partition == null || partition.getStatus() != BatchStatus.STARTING || fleet == null || !fleet.isRunning()) {
			log.info("Partition request for step execution {} dropped: {}", request.getStepExecutionId(),
					(partition == null) ? "no such step execution" : "the partition is " + partition.getStatus()
							+ ", its fleet execution " + ((fleet != null) ? fleet.getStatus() : "gone"));
			return null;
		}
		String connection = partition.getExecutionContext().getString(ZohoJob.CONNECTION);
		this.running.add(connection);
		try {
			log.info("Partition {} of fleet execution {} taken", partition.getStepName(), fleet.getId());
			StepExecution done = this.handler.handle(request);
			if (this.draining && done.getStatus() != BatchStatus.COMPLETED) {
				done.setStatus(BatchStatus.STOPPED);
				done.setExitStatus(new ExitStatus(HANDED_BACK, "Handed back by its worker, which was shut down at a "
						+ "chunk boundary; the fleet sends it to a worker again"));
				this.jobRepository.update(done);
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
		// no new request: a refused one would go back to the queue, and come back at once
		this.intake.forEach(MessageProducerSupport::stop);
		for (String connection : Set.copyOf(this.running)) {
			for (JobExecution execution : this.jobRepository.findRunningJobExecutions(ZohoJob.NAME)) {
				if (connection.equals(execution.getJobParameters().getString(ZohoJob.CONNECTION))) {
					try {
						this.runs.getObject().stop(execution.getId());
					}
					catch (Exception ex) {
						log.warn("Execution {} of connection '{}' could not be asked to stop: {}", execution.getId(),
								connection, ex.getMessage());
					}
				}
			}
		}
		synchronized (this.running) {
			while (!this.running.isEmpty()) {
				this.running.wait();
			}
		}
	}

}
