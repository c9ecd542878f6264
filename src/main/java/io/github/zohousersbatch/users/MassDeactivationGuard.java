package io.github.zohousersbatch.users;

import java.util.List;
import java.util.Locale;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Refuses a reconciliation that would deactivate too many users at once, because a broken
 * read looks exactly like that: more than {@code zoho.job.max-deactivation-share} of the
 * users counted as active, more than {@code zoho.job.max-deactivations} users, or,
 * together with the previous completed run, more than that share of the users active
 * before it (two drops just under the share in a row). An operator who checked that the
 * drop is real lets the refused execution through with
 * {@code restart EXECUTION_ID --allow-mass-deactivation}; the allowance holds for the
 * restart of that execution only.
 */
public final class MassDeactivationGuard {

	// job execution context key: the id of the execution the guard refused and an
	// operator allowed
	private static final String ALLOWED_AFTER = "reconcile.allowMassDeactivation";

	private static final Logger log = LoggerFactory.getLogger(MassDeactivationGuard.class);

	private final JdbcClient jdbc;

	private final JobRepository jobRepository;

	private final double maxShare;

	private final int maxCount;

	MassDeactivationGuard(JdbcClient jdbc, JobRepository jobRepository, double maxShare, int maxCount) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
		this.maxShare = maxShare;
		this.maxCount = maxCount;
	}

	/**
	 * Records an operator's override for the restart of {@code refused} (in its job
	 * execution context, which the restart inherits), or refuses it for an execution the
	 * guard did not refuse.
	 */
	public static void allowRestartOf(JobExecution refused) {
		String exitCode = refused.getExitStatus().getExitCode();
		if (!FailureReason.MASS_DEACTIVATION.name().equals(exitCode)) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"--allow-mass-deactivation applies only to an "
							+ "execution that the mass-deactivation guard refused (exit code 7); execution "
							+ refused.getId() + " ended with " + exitCode + ". Restart it without the option");
		}
		refused.getExecutionContext().put(ALLOWED_AFTER, refused.getId());
	}

	/**
	 * Lets the deactivation through, or refuses it with {@code MASS_DEACTIVATION}.
	 * @return whether it went through only because an operator allowed it
	 */
	boolean check(JobExecution execution, String connection, long currentlyActive, long wouldDeactivate) {
		String refusal = refusal(connection, currentlyActive, wouldDeactivate);
		if (refusal == null) {
			return false;
		}
		if (allowedByOperator(execution)) {
			log.warn("Connection '{}': {}; deactivating them, as an operator allowed", connection, refusal);
			return true;
		}
		throw new ZohoBatchException(FailureReason.MASS_DEACTIVATION, "Connection '" + connection + "': " + refusal
				+ "; nothing was changed. Check the users in Zoho; if the drop is real, run: zoho-users-batch restart "
				+ execution.getId() + " --allow-mass-deactivation");
	}

	private String refusal(String connection, long currentlyActive, long wouldDeactivate) {
		if (wouldDeactivate == 0) {
			return null;
		}
		String would = "this run would deactivate " + wouldDeactivate + " of the " + currentlyActive + " active users";
		if (wouldDeactivate > this.maxShare * currentlyActive) {
			return would + " (" + percent(wouldDeactivate, currentlyActive)
					+ ", more than zoho.job.max-deactivation-share=" + this.maxShare + ")";
		}
		if (wouldDeactivate > this.maxCount) {
			return would + ", more than zoho.job.max-deactivations=" + this.maxCount;
		}
		List<Run> last = lastRuns(connection);
		if (last.size() == 2 && last.get(0).deactivated() > 0 && !last.get(0).allowed()) {
			long together = last.get(0).deactivated() + wouldDeactivate;
			long before = last.get(1).active();
			if (together > this.maxShare * before) {
				return would + "; with the " + last.get(0).deactivated() + " the previous run deactivated, that is "
						+ together + " of the " + before + " users active two runs ago (" + percent(together, before)
						+ ", more than zoho.job.max-deactivation-share=" + this.maxShare + ")";
			}
		}
		return null;
	}

	// the allowance names the execution it was given for: valid only for the restart that
	// directly follows it
	private boolean allowedByOperator(JobExecution execution) {
		Object allowedAfter = execution.getExecutionContext().get(ALLOWED_AFTER);
		if (!(allowedAfter instanceof Number refused)) {
			return false;
		}
		return this.jobRepository.getJobExecutions(execution.getJobInstance())
			.stream()
			.mapToLong(JobExecution::getId)
			.filter(id -> id < execution.getId())
			.max()
			.orElse(-1) == refused.longValue();
	}

	private List<Run> lastRuns(String connection) {
		return this.jdbc.sql("""
				select users_active, users_deactivated, mass_deactivation_allowed from zoho_aggregation_run
				where connection_name = ? order by ended_at desc, job_instance_id desc limit 2
				""")
			.param(connection)
			.query((rs, row) -> new Run(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
			.list();
	}

	private static String percent(long part, long whole) {
		return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / Math.max(1, whole));
	}

	private record Run(long active, long deactivated, boolean allowed) {
	}

}
