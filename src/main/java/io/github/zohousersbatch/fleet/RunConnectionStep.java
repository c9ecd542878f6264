package io.github.zohousersbatch.fleet;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.JobRuns;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What each partition of a fleet run does: the connection's own run of
 * {@value ZohoJob#NAME}, through {@link JobRuns#runOrResume} exactly as a single
 * {@code run} (its lock, recovery of a dead execution, restart rules): started on the
 * fleet's first execution, resumed on its restart, left alone once completed. A
 * connection that does not complete fails its partition with the connection's own reason,
 * and only its partition: the others go on.
 * <p>
 * A step of its own rather than a tasklet, like Spring Batch's job step: the connection's
 * run makes its own transactions, and the job repository refuses to start a job inside
 * one.
 * <p>
 * The process that takes the partition, this one or a remote worker, writes its host and
 * PID in the partition's context before it starts, so that {@code status} and a manager
 * watching for dead workers can name it.
 */
class RunConnectionStep extends AbstractStep {

	private static final String WORKER_HOST = "worker.host";

	private static final String WORKER_PID = "worker.pid";

	// looked up when a partition runs: the job operator that JobRuns uses registers
	// the fleet job, which holds this step
	private final ObjectProvider<JobRuns> runs;

	RunConnectionStep(JobRepository jobRepository, ObjectProvider<JobRuns> runs) {
		super(jobRepository);
		this.runs = runs;
		setName(ZohoJob.RUN_CONNECTION_STEP);
		registerStepExecutionListener(new PartitionOutcome());
	}

	@Override
	protected void doExecute(StepExecution step) throws Exception {
		ExecutionContext partition = step.getExecutionContext();
		partition.putString(WORKER_HOST, hostName());
		partition.putLong(WORKER_PID, ProcessHandle.current().pid());
		getJobRepository().updateExecutionContext(step);
		String connection = partition.getString(ZohoJob.CONNECTION);
		JobExecution run = this.runs.getObject().runOrResume(connection, partition.getString(ZohoJob.RUN_ID));
		if (run.getStatus() != BatchStatus.COMPLETED) {
			FailureReason reason = (run.getStatus() == BatchStatus.STOPPED) ? FailureReason.STOPPED
					: FailureReason.fromExitCode(run.getExitStatus().getExitCode());
			throw new ZohoBatchException(reason, "Connection '" + connection + "': execution " + run.getId() + " "
					+ run.getStatus() + " (" + reason + "): " + run.getExitStatus().getExitDescription());
		}
	}

	/**
	 * The process that took the partition, e.g. {@code vm (pid 543)}; empty before one
	 * did.
	 */
	static Optional<String> workerOf(StepExecution partition) {
		ExecutionContext context = partition.getExecutionContext();
		if (!context.containsKey(WORKER_HOST)) {
			return Optional.empty();
		}
		return Optional.of(context.getString(WORKER_HOST) + " (pid " + context.getLong(WORKER_PID, -1L) + ")");
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return ManagementFactory.getRuntimeMXBean().getName();
		}
	}

}
