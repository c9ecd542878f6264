package io.github.zohousersbatch;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;

import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one place that decides what a failure means: its {@link FailureReason} (hence the
 * exit code and the job's {@code EXIT_CODE}) and the one-line message an operator reads.
 */
public final class Failures {

	private Failures() {
	}

	/** The reason for a failure, from the first cause in the chain that tells. */
	public static FailureReason reasonOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ZohoBatchException known) {
				return known.reason();
			}
			if (cause instanceof JobExecutionAlreadyRunningException) {
				return FailureReason.ALREADY_RUNNING;
			}
			if (cause instanceof BindException) {
				return FailureReason.CONFIGURATION;
			}
		}
		return FailureReason.FAILED;
	}

	/**
	 * A message for the operator: ours when we raised it, otherwise the most specific
	 * cause.
	 */
	public static String messageOf(Throwable failure) {
		Throwable deepest = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SkipLimitExceededException skip) {
				return "More than " + skip.getSkipLimit() + " unusable user records in this execution "
						+ "(zoho.job.skip-limit; those of committed pages are in zoho_user_reject). The last: "
						+ messageOf(skip.getCause());
			}
			if (cause instanceof ZohoBatchException) {
				return cause.getMessage();
			}
			if (cause instanceof BindException bind) {
				return "Invalid configuration: " + bind.getMessage()
						+ ((bind.getCause() != null) ? ": " + bind.getCause().getMessage() : "");
			}
			if (isDatabaseUnavailable(cause)) {
				return "PostgreSQL is unavailable or the connection was lost: " + deepestMessage(cause)
						+ "; check spring.datasource.url and that the server is running, then restart";
			}
			deepest = cause;
		}
		return deepest.getClass().getSimpleName() + ((deepest.getMessage() != null) ? ": " + deepest.getMessage() : "");
	}

	private static boolean isDatabaseUnavailable(Throwable cause) {
		return cause instanceof CannotGetJdbcConnectionException || cause instanceof SQLTransientConnectionException
				|| cause instanceof DataAccessResourceFailureException
				|| cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException
				|| (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
						&& sql.getSQLState().startsWith("08"))
				|| cause instanceof ConnectException;
	}

	private static String deepestMessage(Throwable failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		return String.valueOf(deepest.getMessage());
	}

}
