package io.github.zohousersbatch.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * What a fleet execution did for each of its connections: the connection's own execution
 * (its latest, counts and message included) and, when it did not complete, why, in the
 * vocabulary of a single run. The fleet's outcome is the most urgent of these reasons
 * ({@link FailureReason#mostUrgent}).
 */
@Component
public class FleetOutcomes {

	private final FleetMembers members;

	private final JobRepository jobRepository;

	FleetOutcomes(FleetMembers members, JobRepository jobRepository) {
		this.members = members;
		this.jobRepository = jobRepository;
	}

	/** Every connection of the fleet execution's run, in the run's order. */
	public List<ConnectionOutcome> of(JobExecution fleet) {
		String fleetRunId = fleet.getJobParameters().getString(ZohoJob.RUN_ID);
		// partitions this execution ran, the latest execution of each (a remote partition
		// sent again has several); one completed by an earlier execution is not among
		// them
		// as the job repository holds them: a remote fleet's partitions are ended by
		// workers, or by the manager on copies of its own
		JobExecution stored = this.jobRepository.getJobExecution(fleet.getId());
		Map<String, StepExecution> partitions = ((stored != null) ? stored : fleet).getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().startsWith(ZohoJob.RUN_CONNECTION_STEP + ":"))
			.collect(Collectors.toMap(step -> step.getStepName().substring(ZohoJob.RUN_CONNECTION_STEP.length() + 1),
					Function.identity(), (first, second) -> (first.getId() > second.getId()) ? first : second));
		List<ConnectionOutcome> outcomes = new ArrayList<>();
		for (String connection : this.members.of(fleetRunId)) {
			JobExecution run = this.jobRepository.getLastJobExecution(ZohoJob.NAME,
					new JobParametersBuilder().addString(ZohoJob.CONNECTION, connection)
						.addString(ZohoJob.RUN_ID, ConnectionPartitioner.runId(fleetRunId, connection))
						.toJobParameters());
			outcomes.add(outcome(connection, run, Optional.ofNullable(partitions.get(connection))));
		}
		return outcomes;
	}

	// a partition's exit status is the connection's reason and message
	// (RunConnectionStep),
	// whether its run failed or it could not start one (already running, not configured)
	private static ConnectionOutcome outcome(String connection, JobExecution run, Optional<StepExecution> partition) {
		if (partition.isEmpty()) {
			// not run by this execution: an earlier one completed it
			return new ConnectionOutcome(connection, run, null, null, null);
		}
		StepExecution step = partition.get();
		Optional<Long> newer = RunConnectionStep.supersededBy(step);
		if (newer.isPresent()) {
			return new ConnectionOutcome(connection, run, null, step.getExitStatus().getExitDescription(), newer.get());
		}
		if (step.getStatus() == BatchStatus.COMPLETED || step.getStatus().isRunning()) {
			return new ConnectionOutcome(connection, run, null, null, null);
		}
		return new ConnectionOutcome(connection, run, FailureReason.fromExitCode(step.getExitStatus().getExitCode()),
				step.getExitStatus().getExitDescription(), null);
	}

	/**
	 * One connection of a fleet execution.
	 *
	 * @param connection connection name
	 * @param run the connection's latest execution in this fleet run, or null when none
	 * started
	 * @param reason why it did not complete, or null when it completed (or still runs)
	 * @param message what went wrong, or which run superseded it, or null
	 * @param supersededBy the execution of a newer run of the connection that completed
	 * it in this fleet's stead (counted as completed), or null
	 */
	public record ConnectionOutcome(String connection, JobExecution run, FailureReason reason, String message,
			Long supersededBy) {

		public boolean completed() {
			return this.reason == null;
		}

	}

}
