package io.github.zohousersbatch;

/**
 * A failure with a known {@link FailureReason} and a message an operator can act on.
 * Messages never contain secrets, tokens or grant codes.
 */
public class ZohoBatchException extends RuntimeException {

	private final FailureReason reason;

	public ZohoBatchException(FailureReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public ZohoBatchException(FailureReason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public FailureReason reason() {
		return this.reason;
	}

}
