package io.github.zohousersbatch.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * How many CRM API calls the sandbox serves at once, as Zoho limits the concurrent calls
 * of an app per organisation by edition (Zoho CRM, "API Limits"): a call above the limit
 * is answered 429 {@code TOO_MANY_REQUESTS}. Records what a client did: the most calls
 * present at once (the throttled ones included, while they are answered), and the calls
 * served at once over time.
 */
final class SandboxConcurrency {

	private final List<long[]> samples = new ArrayList<>();

	private int limit;

	private int served;

	private int present;

	private int peak;

	private int throttled;

	/** At most {@code limit} calls served at once from now on; 0 for no limit. */
	synchronized void limit(int limit) {
		this.limit = limit;
	}

	/**
	 * A call arrives: true when it is served, false when it is over the limit (it is
	 * present until {@link #left()} all the same).
	 */
	synchronized boolean arrived() {
		this.present++;
		this.peak = Math.max(this.peak, this.present);
		if (this.limit > 0 && this.served >= this.limit) {
			this.throttled++;
			return false;
		}
		this.served++;
		this.samples.add(new long[] { System.nanoTime(), this.served });
		return true;
	}

	/** A call was answered; {@code wasServed} as {@link #arrived()} said. */
	synchronized void left(boolean wasServed) {
		this.present--;
		if (wasServed) {
			this.served--;
			this.samples.add(new long[] { System.nanoTime(), this.served });
		}
	}

	synchronized int peak() {
		return this.peak;
	}

	synchronized int throttled() {
		return this.throttled;
	}

	/**
	 * The most calls served at once in each {@code bucketMillis} since the first call.
	 */
	synchronized List<Integer> servedOverTime(long bucketMillis) {
		List<Integer> peaks = new ArrayList<>();
		long start = this.samples.isEmpty() ? 0 : this.samples.get(0)[0];
		int level = 0;
		for (long[] sample : this.samples) {
			int bucket = (int) ((sample[0] - start) / (bucketMillis * 1_000_000));
			while (peaks.size() <= bucket) {
				// a bucket starts with the calls the one before ended with
				peaks.add(level);
			}
			level = (int) sample[1];
			peaks.set(bucket, Math.max(peaks.get(bucket), level));
		}
		return peaks;
	}

}
