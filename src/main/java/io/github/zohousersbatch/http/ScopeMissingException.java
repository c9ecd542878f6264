package io.github.zohousersbatch.http;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Zoho answered 401 {@code OAUTH_SCOPE_MISMATCH}: never retried, the grant must include
 * the scope.
 */
public class ScopeMissingException extends ZohoBatchException {

	ScopeMissingException(String message) {
		super(FailureReason.TOKEN_REJECTED, message);
	}

}
