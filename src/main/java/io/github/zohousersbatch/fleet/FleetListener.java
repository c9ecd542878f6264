package io.github.zohousersbatch.fleet;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.fleet.FleetOutcomes.ConnectionOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The outcome of a fleet execution, as operators and schedulers read it: completed when
 * every connection completed, else the most urgent reason of its connections as the
 * {@code EXIT_CODE}, and which connections did not complete, and why, as the message.
 */
class FleetListener implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(FleetListener.class);

	private final FleetOutcomes outcomes;

	FleetListener(FleetOutcomes outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		log.info("Fleet execution {} started (job instance {})", execution.getId(),
				execution.getJobInstance().getInstanceId());
	}

	@Override
	public void afterJob(JobExecution execution) {
		List<ConnectionOutcome> outcomes = this.outcomes.of(execution);
		List<ConnectionOutcome> incomplete = outcomes.stream().filter(outcome -> !outcome.completed()).toList();
		Optional<FailureReason> reason = FailureReason
			.mostUrgent(incomplete.stream().map(ConnectionOutcome::reason).toList());
		if (reason.isEmpty()) {
			if (execution.getStatus() == BatchStatus.COMPLETED) {
				log.info("Fleet execution {} COMPLETED: {} connections", execution.getId(), outcomes.size());
			}
			return;
		}
		String message = incomplete.size() + " of " + outcomes.size() + " connections did not complete: "
				+ incomplete.stream()
					.map(outcome -> outcome.connection() + " (" + outcome.reason() + ")")
					.collect(Collectors.joining(", "))
				+ neverStarted(incomplete) + "; see: zoho-users-batch status " + execution.getId();
		execution.setExitStatus(new ExitStatus(reason.get().name(), message));
		log.warn("Fleet execution {} {} ({}): {}", execution.getId(), execution.getStatus(), reason.get(), message);
	}

	// connections whose own run never started: no worker took them (zoho.fleet.timeout)
	private static String neverStarted(List<ConnectionOutcome> incomplete) {
		List<String> names = incomplete.stream()
			.filter(outcome -> outcome.run() == null)
			.map(ConnectionOutcome::connection)
			.toList();
		return names.isEmpty() ? "" : "; never started: " + String.join(", ", names);
	}

}
