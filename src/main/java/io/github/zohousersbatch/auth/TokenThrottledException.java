package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Zoho's accounts server refused a token because too many were requested within ten
 * minutes ({@code "error":"Access Denied"}, with HTTP 200 or 400). Retrying only extends
 * the block, so the failure is restartable and remembered ({@link AccessTokens}).
 */
class TokenThrottledException extends ZohoBatchException {

	TokenThrottledException(String message) {
		super(FailureReason.FAILED, message);
	}

}
