package io.github.zohousersbatch.http;

import java.time.Duration;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * A failure worth retrying: the connection failed or timed out, Zoho answered 5xx or 429,
 * or the body could not be read. Carries Zoho's {@code Retry-After} when it sent one.
 */
public class TransientHttpException extends ZohoBatchException {

	private final Duration retryAfter;

	public TransientHttpException(String message, Duration retryAfter, Throwable cause) {
		super(FailureReason.FAILED, message, cause);
		this.retryAfter = retryAfter;
	}

	public TransientHttpException(String message) {
		this(message, null, null);
	}

	/** The wait Zoho asked for, or null. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
