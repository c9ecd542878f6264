package io.github.zohousersbatch.http;

import java.time.Duration;

/**
 * Zoho answered 429, or {@code TOO_MANY_REQUESTS} under any status: too many concurrent
 * calls of this app for the organisation, or its credits of the last 24 hours spent (the
 * answer does not say which). Transient like any 429; a caller that controls how many
 * requests it has in flight also takes it as a sign to make fewer.
 */
public class TooManyRequestsException extends TransientHttpException {

	public TooManyRequestsException(String message, Duration retryAfter) {
		super(message, retryAfter, null);
	}

}
