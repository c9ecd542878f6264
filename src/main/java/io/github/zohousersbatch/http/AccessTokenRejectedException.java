package io.github.zohousersbatch.http;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Zoho answered 401 {@code INVALID_TOKEN} or {@code AUTHENTICATION_FAILURE}: the access
 * token expired early or was revoked. Worth one refresh and one more try; a second one
 * ends the run with {@code TOKEN_REJECTED}.
 */
public class AccessTokenRejectedException extends ZohoBatchException {

	AccessTokenRejectedException(String message) {
		super(FailureReason.TOKEN_REJECTED, message + ": the access token was rejected even after a refresh; "
				+ "authorize the connection again if this persists");
	}

}
