package io.github.zohousersbatch.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a manager knows of one partition between two looks, timed on the manager's own
 * monotonic clock only: when it last sent the partition's request, and when it last saw
 * the partition or its connection's execution move. No time written by another process (a
 * worker in another time zone, or with a clock ahead or behind) is compared with this
 * one's.
 */
final class PartitionWatch {

	// a request still waiting after this many worker timeouts is sent again no less often
	private static final int MAX_RESEND_FACTOR = 8;

	private final Duration workerTimeout;

	private long sentAt;

	private Duration resendAfter;

	private List<Object> progress;

	private long progressAt;

	PartitionWatch(Duration workerTimeout) {
		this.workerTimeout = workerTimeout;
		this.resendAfter = workerTimeout;
		this.sentAt = System.nanoTime();
		this.progressAt = this.sentAt;
	}

	/** Its request went to the broker now. */
	void sent() {
		this.sentAt = System.nanoTime();
	}

	/**
	 * Whether a partition no worker took has waited for one long enough that its request
	 * may be lost: after the worker timeout, then twice as long each time, so that
	 * requests merely queued behind busy workers are not sent over and over.
	 */
	boolean waitedTooLong() {
		if (System.nanoTime() - this.sentAt < this.resendAfter.toNanos()) {
			return false;
		}
		Duration longest = this.workerTimeout.multipliedBy(MAX_RESEND_FACTOR);
		Duration twice = this.resendAfter.multipliedBy(2);
		this.resendAfter = (twice.compareTo(longest) > 0) ? longest : twice;
		return true;
	}

	/**
	 * Whether nothing moved for the worker timeout: {@code signs} (versions and times as
	 * the job repository holds them) are only compared with what this manager saw before,
	 * never with its clock.
	 */
	boolean silent(List<Object> signs) {
		long now = System.nanoTime();
		if (!Objects.equals(signs, this.progress)) {
			this.progress = signs;
			this.progressAt = now;
			return false;
		}
		return now - this.progressAt >= this.workerTimeout.toNanos();
	}

}
