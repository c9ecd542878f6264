package io.github.zohousersbatch.users;

import java.util.PriorityQueue;
import java.util.function.Supplier;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.http.TooManyRequestsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many users pages are in flight at once, adapting to what Zoho allows: additive
 * increase, multiplicative decrease, as TCP finds a link's capacity. It starts at
 * {@value #START} requests, allows one more after each run of clean pages as long as the
 * limit (one round of requests started under it with every slot taken, while the reader
 * waited for pages), up to a ceiling (the edition's concurrency limit less a margin, see
 * {@link ConcurrencyCeiling}); a 429 or {@code TOO_MANY_REQUESTS} halves it, once per
 * round: the requests that were already under way when it was halved do not halve it
 * again. Slots go to the lowest page waiting, the one the reader needs first.
 */
final class PageConcurrency {

	/**
	 * Requests in flight at the start: the smallest edition's concurrency limit (Free, 5)
	 * less the default margin, so that an organisation of 1,000 users is read in two
	 * rounds of requests, not three.
	 */
	static final int START = 3;

	private static final Logger log = LoggerFactory.getLogger(PageConcurrency.class);

	private final int ceiling;

	private final PriorityQueue<Integer> waiting = new PriorityQueue<>();

	private int limit;

	private int clean;

	private int inFlight;

	// changes of the limit so far, and the one that last lowered it
	private long step;

	private long lowered;

	private int peak;

	private int throttled;

	// whether the reader had to wait for a page since the limit last grew
	private boolean readerWaited;

	PageConcurrency(int ceiling) {
		this.ceiling = Math.max(1, ceiling);
		this.limit = Math.min(START, this.ceiling);
	}

	/**
	 * Waits for a slot for {@code page}: fewer requests in flight than the limit, and no
	 * lower page waiting.
	 */
	synchronized void acquire(int page) {
		this.waiting.add(page);
		try {
			while (this.inFlight >= this.limit || this.waiting.peek() != page) {
				wait();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + page + ": request cancelled", ex);
		}
		finally {
			this.waiting.remove(page);
			notifyAll();
		}
		this.inFlight++;
		this.peak = Math.max(this.peak, this.inFlight);
	}

	/**
	 * The reader waits for a page: Zoho is the slower side, so more pages in flight may
	 * help; while the reader never waits (PostgreSQL is the slower side), they would only
	 * take memory and processor time.
	 */
	synchronized void readerWaits() {
		this.readerWaited = true;
	}

	/** The request holding a slot is done. */
	synchronized void release() {
		this.inFlight--;
		notifyAll();
	}

	// the limit a request starts under, and whether it is all in use: only requests
	// started with every slot taken under the current limit count towards the next
	// increase (a limit never used proves nothing), and a 429 halves it only if none did
	// since the request started
	private synchronized Start start() {
		return new Start(this.step, this.inFlight >= this.limit);
	}

	private synchronized void clean(Start start) {
		if (start.full() && start.step() == this.step && ++this.clean >= this.limit && this.limit < this.ceiling
				&& this.readerWaited) {
			this.clean = 0;
			this.readerWaited = false;
			this.limit++;
			this.step++;
			log.debug("Users pages: {} requests in flight allowed", this.limit);
			notifyAll();
		}
	}

	/**
	 * Zoho throttled a request started in {@code startedIn}: true when it should be tried
	 * again at once under the new limit (halved now, or already halved since it started);
	 * false when the limit is 1 already, so that waiting is all that is left.
	 */
	synchronized boolean throttled(long startedIn) {
		this.throttled++;
		if (startedIn < this.lowered) {
			return true;
		}
		if (this.limit == 1) {
			return false;
		}
		int before = this.limit;
		this.limit = Math.max(1, this.limit / 2);
		this.clean = 0;
		this.step++;
		this.lowered = this.step;
		log.warn(
				"Users pages: Zoho answered TOO_MANY_REQUESTS at a limit of {} pages in flight; allowing {} from now on",
				before, this.limit);
		return true;
	}

	/**
	 * One attempt of a request holding a slot: a clean answer counts towards the next
	 * increase; when Zoho throttles it, the limit is lowered (unless it was since the
	 * request started) and a {@link Throttled} tells the caller to wait for a slot again,
	 * unless the limit is 1 already or Zoho sent {@code Retry-After}: then the 429 is
	 * left to the caller's retries, which wait.
	 */
	<T> T watching(Supplier<T> request) {
		Start start = start();
		try {
			T result = request.get();
			clean(start);
			return result;
		}
		catch (TooManyRequestsException ex) {
			// Zoho said when to come back: the caller's retries wait for it
			if (throttled(start.step()) && ex.retryAfter() == null) {
				throw new Throttled();
			}
			throw ex;
		}
	}

	synchronized int limit() {
		return this.limit;
	}

	int ceiling() {
		return this.ceiling;
	}

	/** The most requests that were in flight at once. */
	synchronized int peak() {
		return this.peak;
	}

	/** Requests Zoho throttled. */
	synchronized int throttledCount() {
		return this.throttled;
	}

	private record Start(long step, boolean full) {
	}

	/**
	 * Zoho throttled a request and the limit is lower now: not an error, the request
	 * waits for a slot again.
	 */
	static final class Throttled extends RuntimeException {

		Throttled() {
			super(null, null, false, false);
		}

	}

}
