package io.github.zohousersbatch.job;

import java.util.List;
import java.util.Locale;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.users.CompletenessCheck;
import io.github.zohousersbatch.users.ReadPosition;
import io.github.zohousersbatch.users.UserStagingWriter;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one execution did, from its steps: users read from Zoho, active ones and the
 * others, and deactivated by the reconciliation; fields made to fit their columns; and
 * why the run read every page again, if it did.
 *
 * @param read users read by the aggregateUsers step of this execution
 * @param active users read as active by this execution
 * @param filtered users read with another status (not active)
 * @param skipped records without a usable id or status this execution skipped
 * @param deactivated users switched to inactive by this execution's reconciliation
 * @param sanitised fields of user records changed to fit their columns (in this run, as
 * of this execution)
 * @param rereads why the run read every page again from page 1, oldest first; empty when
 * it did not
 * @param zohoCount Zoho's count of users ({@code users/actions/count?type=AllUsers}) the
 * read was checked against; null when it was not
 * @param countDifference distinct users the read listed minus Zoho's count; null when not
 * checked, non-zero when the run trusted a listing stable over two reads
 */
public record ExecutionCounts(long read, long active, long filtered, long skipped, long deactivated, long sanitised,
		List<String> rereads, Long zohoCount, Long countDifference) {

	public static ExecutionCounts of(JobExecution execution) {
		long read = 0;
		long active = 0;
		long filtered = 0;
		long skipped = 0;
		long deactivated = 0;
		long sanitised = 0;
		List<String> rereads = List.of();
		CompletenessCheck.Outcome checked = new CompletenessCheck.Outcome(null, null);
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStepName().equals(ZohoJob.AGGREGATE_USERS_STEP)) {
				read = step.getReadCount();
				// written are all users staged; executions before they all were counted
				// the
				// others as filtered
				long inactive = UserStagingWriter.inactiveIn(step.getExecutionContext());
				active = step.getWriteCount() - inactive;
				filtered = step.getFilterCount() + inactive;
				skipped = step.getProcessSkipCount();
				sanitised = UserStagingWriter.sanitisedIn(step.getExecutionContext());
				rereads = ReadPosition.of(step.getExecutionContext()).rereadReasons();
				checked = CompletenessCheck.outcomeOf(step.getExecutionContext());
			}
			if (step.getStepName().equals(ZohoJob.RECONCILE_USERS_STEP)) {
				deactivated = step.getWriteCount();
			}
		}
		return new ExecutionCounts(read, active, filtered, skipped, deactivated, sanitised, rereads,
				checked.zohoCount(), checked.difference());
	}

	/**
	 * What an operator should know beyond the counts, e.g.
	 * {@code "; 2 fields sanitised"}; empty when nothing.
	 */
	public String notes() {
		StringBuilder notes = new StringBuilder();
		if (this.sanitised > 0) {
			notes.append("; ").append(this.sanitised).append(" field(s) changed to fit their columns");
		}
		for (String reread : this.rereads) {
			notes.append("; read every page again from page 1 because ").append(reread);
		}
		if (this.countDifference != null && this.countDifference != 0) {
			notes.append("; Zoho counts ")
				.append(this.zohoCount)
				.append(" users, its listing differs by ")
				.append(String.format(Locale.ROOT, "%+d", this.countDifference));
		}
		return notes.toString();
	}

}
