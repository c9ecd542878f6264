package io.github.zohousersbatch.fleet;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Records why a partition of a fleet run did not complete as its exit status: the
 * connection's reason ({@link FailureReason}) and one sentence, persisted with the step
 * so that {@code status} and a restart read it later.
 */
class PartitionOutcome implements StepExecutionListener {

	@Override
	public ExitStatus afterStep(StepExecution step) {
		if (step.getStatus() != BatchStatus.FAILED) {
			return null;
		}
		return step.getFailureExceptions()
			.stream()
			.findFirst()
			.map(failure -> new ExitStatus(Failures.reasonOf(failure).name(), Failures.messageOf(failure)))
			.orElse(null);
	}

}
