package io.github.zohousersbatch;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Why a command or a job execution did not complete: the vocabulary shared by the job
 * metadata ({@code BATCH_JOB_EXECUTION.EXIT_CODE}), the log and the process exit code
 * that schedulers read.
 */
public enum FailureReason {

	/** A restartable failure: HTTP errors, timeouts, bad pages, database errors. */
	FAILED(1),

	/**
	 * Bad usage or configuration: fix the command line or the properties and run again.
	 */
	CONFIGURATION(2),

	/** The connection has no refresh token: an administrator must authorize it again. */
	NO_REFRESH_TOKEN(3),

	/** Zoho rejected the client or the refresh token. */
	TOKEN_REJECTED(4),

	/** Another execution of the same connection is running. */
	ALREADY_RUNNING(5),

	/** An operator stopped the execution; it can be restarted. */
	STOPPED(6),

	/**
	 * Reconciliation refused to deactivate more than the allowed share of the active
	 * users; the table is as it was. An operator checks Zoho and restarts with
	 * {@code --allow-mass-deactivation}.
	 */
	MASS_DEACTIVATION(7),

	/**
	 * The read did not see every user Zoho counts, twice: nothing was deactivated.
	 * Restart later; if it persists, an operator looks at Zoho's list.
	 */
	INCOMPLETE_READ(8);

	/**
	 * How urgent each reason is when a fleet run reports one for many connections, most
	 * urgent first: those that need a person (a token, the guard, the configuration), an
	 * operator's stop, those a scheduler retries, and last another execution still
	 * running, which the next scheduled run settles.
	 */
	private static final List<FailureReason> URGENCY = List.of(NO_REFRESH_TOKEN, TOKEN_REJECTED, MASS_DEACTIVATION,
			CONFIGURATION, STOPPED, INCOMPLETE_READ, FAILED, ALREADY_RUNNING);

	private final int exitCode;

	FailureReason(int exitCode) {
		this.exitCode = exitCode;
	}

	/** The process exit code a scheduler sees. */
	public int exitCode() {
		return this.exitCode;
	}

	/** The most urgent of these reasons ({@link #URGENCY}), or empty for none. */
	public static Optional<FailureReason> mostUrgent(Collection<FailureReason> reasons) {
		return reasons.stream().min(Comparator.comparingInt(URGENCY::indexOf));
	}

	/**
	 * The reason recorded under {@code exitCode} in the job metadata, if it is one of
	 * ours.
	 */
	public static FailureReason fromExitCode(String batchExitCode) {
		for (FailureReason reason : values()) {
			if (reason.name().equals(batchExitCode)) {
				return reason;
			}
		}
		return FAILED;
	}

}
