package io.github.zohousersbatch.job;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.zohousersbatch.ZohoJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The executions this process runs of the jobs it listens to ({@value ZohoJob#NAME}), and
 * one stop for all of them: each stops at its next chunk boundary and ends
 * {@code STOPPED}, restartable, as an operator's {@code stop} from another process makes
 * it ({@link JobOperator#stop}). A stop also stops the executions this process starts
 * afterwards, as soon as they start: a process told to stop starts no new work. The
 * command line calls it on SIGTERM or SIGINT; a fleet's connections run here as
 * executions of {@value ZohoJob#NAME}, so the same call stops them, and a fleet job that
 * adds this listener is stopped with them.
 */
@Component
public class ProcessExecutions implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(ProcessExecutions.class);

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	// resolved when first used: the operator registers the jobs that exist when it is
	// made, and this listener is made with the job
	private final ObjectProvider<JobOperator> jobOperator;

	private final JobRepository jobRepository;

	private volatile boolean stopping;

	ProcessExecutions(ObjectProvider<JobOperator> jobOperator, JobRepository jobRepository) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		this.running.add(execution.getId());
		if (this.stopping) {
			stop(execution.getId());
		}
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.running.remove(execution.getId());
	}

	/**
	 * Asks every execution this process runs, and every one it starts from now on, to
	 * stop at its next chunk boundary.
	 * @return the ids of the executions asked to stop
	 */
	public List<Long> stopAll() {
		this.stopping = true;
		List<Long> stopped = List.copyOf(this.running);
		stopped.forEach(this::stop);
		return stopped;
	}

	/** Whether {@link #stopAll()} was called. */
	public boolean isStopping() {
		return this.stopping;
	}

	// a copy read from the repository, as a stop from another process: the running job
	// picks the status up at its next update, and no thread but its own changes its
	// objects
	private void stop(long executionId) {
		JobExecution execution = this.jobRepository.getJobExecution(executionId);
		if (execution == null || !execution.isRunning()) {
			return;
		}
		try {
			this.jobOperator.getObject().stop(execution);
			log.info("Execution {} of connection '{}' stops at its next chunk boundary", executionId,
					execution.getJobParameters().getString(ZohoJob.CONNECTION));
		}
		catch (JobExecutionNotRunningException ex) {
			// it ended meanwhile
		}
	}

}
