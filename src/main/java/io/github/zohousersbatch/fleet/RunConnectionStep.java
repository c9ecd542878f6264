package io.github.zohousersbatch.fleet;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.ExecutionHistory;
import io.github.zohousersbatch.job.JobRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
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
 * connection that does not complete fails its partition, and only its partition: the
 * others go on. A connection whose run in this fleet a newer run completed (run alone
 * after its partition failed) completes its partition as {@value #SUPERSEDED}. The
 * partition's exit status is then the connection's reason ({@link FailureReason}) and
 * message, persisted with the step so that {@code status} and a restart read it later.
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

	private static final Logger log = LoggerFactory.getLogger(RunConnectionStep.class);

	private static final String WORKER_HOST = "worker.host";

	private static final String WORKER_PID = "worker.pid";

	private static final String SUPERSEDED_BY = "superseded.by";

	/** The exit code of a partition whose connection a newer run completed. */
	static final String SUPERSEDED = "SUPERSEDED";

	// looked up when a partition runs: the job operator that JobRuns uses registers
	// the fleet job, which holds this step
	private final ObjectProvider<JobRuns> runs;

	private final ExecutionHistory history;

	RunConnectionStep(JobRepository jobRepository, ObjectProvider<JobRuns> runs, ExecutionHistory history) {
		super(jobRepository);
		this.runs = runs;
		this.history = history;
		setName(ZohoJob.RUN_CONNECTION_STEP);
	}

	@Override
	protected void doExecute(StepExecution step) {
		ExecutionContext partition = step.getExecutionContext();
		partition.putString(WORKER_HOST, hostName());
		partition.putLong(WORKER_PID, ProcessHandle.current().pid());
		getJobRepository().updateExecutionContext(step);
		String connection = partition.getString(ZohoJob.CONNECTION);
		if (this.history.statusOf(step.getJobExecutionId()).orElse(null) == BatchStatus.STOPPING) {
			stopped(step, "Not started: the fleet was stopped before this connection's turn");
			return;
		}
		Optional<JobExecution> newer = this.history.supersedingRun(connection, partition.getString(ZohoJob.RUN_ID));
		if (newer.isPresent()) {
			superseded(step, connection, newer.get());
			return;
		}
		try {
			JobExecution run = this.runs.getObject().runOrResume(connection, partition.getString(ZohoJob.RUN_ID));
			if (run.getStatus() == BatchStatus.STOPPED) {
				stopped(step, run.getExitStatus().getExitDescription());
			}
			else if (run.getStatus() != BatchStatus.COMPLETED) {
				FailureReason reason = FailureReason.fromExitCode(run.getExitStatus().getExitCode());
				failed(step, connection, reason, run.getExitStatus().getExitDescription());
			}
		}
		catch (Exception ex) {
			// no execution of the connection: already running elsewhere, not
			// configured...
			failed(step, connection, Failures.reasonOf(ex), Failures.messageOf(ex));
		}
	}

	// the connection's run in this fleet can neither be resumed nor abandoned usefully: a
	// newer run completed it, which counts as done
	private void superseded(StepExecution step, String connection, JobExecution newer) {
		step.getExecutionContext().putLong(SUPERSEDED_BY, newer.getId());
		getJobRepository().updateExecutionContext(step);
		step.setExitStatus(new ExitStatus(SUPERSEDED, "Superseded by execution " + newer.getId() + " of connection '"
				+ connection + "', a newer run that completed; this fleet's run of it is not resumed"));
		log.info("Connection '{}': its run in this fleet was superseded by execution {}, which completed", connection,
				newer.getId());
	}

	/**
	 * The execution that superseded the connection's run in the partition's fleet; empty
	 * when none did.
	 */
	static Optional<Long> supersededBy(StepExecution partition) {
		return Optional.of(partition.getExecutionContext())
			.filter(context -> context.containsKey(SUPERSEDED_BY))
			.map(context -> context.getLong(SUPERSEDED_BY));
	}

	// an operator's stop: the partition is stopped, not failed, and its restart resumes
	private static void stopped(StepExecution step, String message) {
		log.info("Partition {} stopped: {}", step.getStepName(), message);
		step.setStatus(BatchStatus.STOPPED);
		step.setExitStatus(new ExitStatus(FailureReason.STOPPED.name(), message));
	}

	// the step's exit status is the connection's, without Spring Batch's stack trace
	private static void failed(StepExecution step, String connection, FailureReason reason, String message) {
		log.warn("Connection '{}' did not complete ({}): {}", connection, reason, message);
		step.setStatus(BatchStatus.FAILED);
		step.setExitStatus(new ExitStatus(reason.name(), message));
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
