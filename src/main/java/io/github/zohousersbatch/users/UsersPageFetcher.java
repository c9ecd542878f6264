package io.github.zohousersbatch.users;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pages for one execution, ahead of the reader and concurrently, as many at once
 * as {@link PageConcurrency} allows, but never a page that may not exist: with Zoho's
 * count of users ({@link #plan}) every page up to the last is known at the start; beyond
 * it (or without a count) a page is asked for once the one before it was full and
 * promised {@code more_records}. A page that ends the list cancels what was asked beyond
 * it. A throttled page is asked again under the lowered limit; other failures are handled
 * as in every call ({@link UsersCalls}). A failure surfaces when the reader reaches that
 * page, so the committed position stays exact.
 */
final class UsersPageFetcher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(UsersPageFetcher.class);

	private final ZohoUsersClient client;

	private final UsersCalls calls;

	private final int perPage;

	private final PageConcurrency concurrency;

	private final Map<Integer, Scheduled> scheduled = new TreeMap<>();

	private ExecutorService executor;

	private long waitNanos;

	// guarded by this: the pass's plan and what its pages said
	private int epoch;

	private OptionalLong counted = OptionalLong.empty();

	private int wanted = 1;

	private int planned;

	private int known;

	private int last = Integer.MAX_VALUE;

	UsersPageFetcher(ZohoUsersClient client, UsersCalls calls, int perPage, int ceiling) {
		this.client = client;
		this.calls = calls;
		this.perPage = perPage;
		this.concurrency = new PageConcurrency(ceiling);
	}

	/** Takes the connection's current access token. */
	void open() {
		this.calls.open();
		this.executor = Executors.newFixedThreadPool(this.concurrency.ceiling() + PageConcurrency.START + 2,
				runnable -> {
					Thread thread = new Thread(runnable, "zoho-users-fetch");
					thread.setDaemon(true);
					return thread;
				});
	}

	/**
	 * Starts a pass over the pages, knowing (when {@code users} is present) how many
	 * users Zoho counts: pages 1 to {@code ceil(users / perPage)} exist.
	 */
	synchronized void plan(OptionalLong users) {
		cancelBeyond(0);
		this.epoch++;
		this.counted = users;
		this.wanted = 1;
		this.planned = users.isPresent()
				? (int) Math.min(Integer.MAX_VALUE - 1L, (users.getAsLong() + this.perPage - 1) / this.perPage) : 0;
		this.known = 0;
		this.last = Integer.MAX_VALUE;
	}

	/** Zoho's count of users at the start of this pass, if any. */
	synchronized OptionalLong counted() {
		return this.counted;
	}

	/**
	 * Page {@code page}, waiting for it if needed; the pages after it that exist are
	 * requested meanwhile. The reader asks for a page only when the one before promised
	 * {@code more_records} (or to check one it read before), so the page exists.
	 */
	UsersPage fetch(int page) {
		CompletableFuture<UsersPage> pending;
		synchronized (this) {
			this.wanted = page;
			this.known = Math.max(this.known, page);
			if (page > this.last) {
				this.last = Integer.MAX_VALUE;
			}
			schedule(page);
			fill();
			pending = this.scheduled.get(page).result();
		}
		if (!pending.isDone()) {
			this.concurrency.readerWaits();
		}
		long started = System.nanoTime();
		try {
			return pending.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		catch (CancellationException ex) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + page + ": fetch was cancelled", ex);
		}
		finally {
			synchronized (this) {
				// taken: the window now starts after it
				this.scheduled.remove(page);
				this.wanted = page + 1;
			}
			this.waitNanos += System.nanoTime() - started;
		}
	}

	// every page of the window that exists, as far as this pass knows: as many pages
	// ahead
	// of the reader as may be in flight, and two more, so that a reader slower than Zoho
	// holds few pages in memory and leaves slots unused (which then do not grow)
	private void fill() {
		int exists = Math.min(this.last, Math.max(1, Math.max(this.planned, this.known)));
		int window = this.concurrency.limit() + PageConcurrency.START;
		for (int page = this.wanted; page <= exists && page < this.wanted + window; page++) {
			schedule(page);
		}
	}

	private void schedule(int page) {
		if (this.scheduled.containsKey(page)) {
			return;
		}
		CompletableFuture<UsersPage> result = new CompletableFuture<>();
		int pass = this.epoch;
		// the fetching threads log and count for the run
		Future<?> task = this.executor
			.submit(RunMetrics.forRun(this.calls.connection(), () -> run(page, pass, result)));
		this.scheduled.put(page, new Scheduled(result, task));
	}

	private void run(int page, int pass, CompletableFuture<UsersPage> result) {
		try {
			UsersPage fetched = request(page);
			synchronized (this) {
				if (pass == this.epoch) {
					if (!fetched.moreRecords() || fetched.size() < this.perPage) {
						this.last = Math.min(this.last, page);
						cancelBeyond(page);
					}
					else {
						this.known = Math.max(this.known, page + 1);
						fill();
					}
				}
			}
			result.complete(fetched);
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				// nothing beyond a failed page: the reader stops there
				if (pass == this.epoch) {
					this.last = Math.min(this.last, page);
					cancelBeyond(page);
				}
			}
			result.completeExceptionally(ex);
		}
	}

	// a throttled page goes back to wait for a slot under the lowered limit
	private UsersPage request(int page) {
		while (true) {
			this.concurrency.acquire(page);
			try {
				UsersPage fetched = this.calls.call("Users page " + page,
						token -> this.concurrency.watching(() -> this.client.fetchPage(token, page, this.perPage)));
				return fetched;
			}
			catch (PageConcurrency.Throttled ex) {
				log.debug("Users page {}: throttled, asked again", page);
			}
			finally {
				this.concurrency.release();
			}
		}
	}

	private void cancelBeyond(int page) {
		this.scheduled.entrySet().removeIf(entry -> {
			if (entry.getKey() > page) {
				entry.getValue().task().cancel(true);
				entry.getValue().result().cancel(true);
				return true;
			}
			return false;
		});
	}

	/** The calls made for this fetcher, with their counts and times. */
	UsersCalls calls() {
		return this.calls;
	}

	/** Requests, time in them and waiting for them, heap, concurrency, for the log. */
	String summary() {
		return this.calls.requests() + " requests, " + this.calls.httpMillis() + " ms in HTTP calls, "
				+ this.waitNanos / 1_000_000 + " ms waiting for pages, peak heap " + RunMetrics.peakHeapMegabytes()
				+ " MB, at most " + this.concurrency.peak() + " pages in flight (ceiling " + this.concurrency.ceiling()
				+ "), " + this.concurrency.throttledCount() + " throttled";
	}

	PageConcurrency concurrency() {
		return this.concurrency;
	}

	@Override
	public synchronized void close() {
		cancelBeyond(0);
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	private record Scheduled(CompletableFuture<UsersPage> result, Future<?> task) {
	}

}
