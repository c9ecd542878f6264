package io.github.zohousersbatch.http;

import java.time.Duration;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * A failure worth retrying: the connection failed or timed out, Zoho answered 5xx or 429,
 * or the body could not be read. Carries Zoho's {@code Retry-After} when it sent one, and
 * whether the request may have reached Zoho, its answer lost on the way back.
 */
public class TransientHttpException extends ZohoBatchException {

	private final Duration retryAfter;

	private final boolean answerLost;

	public TransientHttpException(String message, Duration retryAfter, Throwable cause) {
		this(message, retryAfter, cause, false);
	}

	/**
	 * @param answerLost whether the request may have been served: sent, then the
	 * connection broke or timed out before the whole answer came
	 */
	public TransientHttpException(String message, Duration retryAfter, Throwable cause, boolean answerLost) {
		super(FailureReason.FAILED, message, cause);
		this.retryAfter = retryAfter;
		this.answerLost = answerLost;
	}

	public TransientHttpException(String message) {
		this(message, null, null);
	}

	/**
	 * Whether Zoho may have served the request and its answer was lost: resending it
	 * repeats what Zoho did (a token request spends one of the 10 access tokens Zoho
	 * issues per 10 minutes).
	 */
	public boolean answerLost() {
		return this.answerLost;
	}

	/** The wait Zoho asked for, or null. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
