package io.github.zohousersbatch.job;

import java.util.Optional;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Which executions {@code restart} may continue, and why not: one set of rules for
 * {@code restart} itself and for what {@code status} says a restart would do. A run older
 * than the connection's last completed run is never continued: its reconciliation would
 * deactivate users the newer run saw.
 */
@Component
class RestartRules {

	private final JobRepository jobRepository;

	private final ExecutionHistory history;

	RestartRules(JobRepository jobRepository, ExecutionHistory history) {
		this.jobRepository = jobRepository;
		this.history = history;
	}

	/**
	 * Why the execution cannot be restarted ("it completed", ...), or empty when it can.
	 * One still marked running counts as the dead execution it is once its connection's
	 * lock is free: the caller tells the two apart.
	 */
	Optional<String> refusal(JobExecution execution) {
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return Optional.of("it completed");
		}
		if (status == BatchStatus.ABANDONED) {
			return Optional.of("it was abandoned");
		}
		if (!execution.isRunning() && status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			return Optional.of("it is " + status + "; only failed or stopped executions can be restarted");
		}
		JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != execution.getId()) {
			return Optional.of("it was already restarted as execution " + last.getId() + " (" + last.getStatus()
					+ "); restart that one (see: zoho-users-batch status " + last.getId() + ")");
		}
		String connection = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		long instanceId = execution.getJobInstance().getInstanceId();
		Optional<Long> newer = this.history.lastCompletedInstance(connection).filter(id -> id > instanceId);
		return newer.map(completed -> "it belongs to a run older than the last completed run of connection '"
				+ connection + "' (job instance " + completed + "): resuming it would deactivate users the newer run "
				+ "saw. Start a new run instead, or give it up with: zoho-users-batch abandon " + execution.getId());
	}

}
