package io.github.zohousersbatch.db;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * The embedded server could not be started or joined; the message says why and what to
 * do.
 */
public final class EmbeddedDatabaseException extends ZohoBatchException {

	EmbeddedDatabaseException(FailureReason reason, String message) {
		super(reason, message);
	}

	EmbeddedDatabaseException(FailureReason reason, String message, Throwable cause) {
		super(reason, message, cause);
	}

}
