package io.github.zohousersbatch.http;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Zoho refused the request itself (400, 403 {@code NO_PERMISSION} or a feature the
 * edition lacks, 404 {@code INVALID_URL_PATTERN}, 405): retrying cannot help. Callers of
 * optional requests treat it as "not available here".
 */
public class RequestRefusedException extends ZohoBatchException {

	RequestRefusedException(String message) {
		super(FailureReason.FAILED, message);
	}

}
