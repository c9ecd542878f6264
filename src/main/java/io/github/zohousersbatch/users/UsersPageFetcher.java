package io.github.zohousersbatch.users;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.AccessTokenRejectedException;
import io.github.zohousersbatch.http.RequestRefusedException;
import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.http.ScopeMissingException;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Fetches pages for one execution, ahead of the reader: while a chunk is processed and
 * written, the next {@code prefetch - 1} pages are already on their way (at most
 * {@code prefetch} requests in flight, never more than Zoho's smallest concurrency
 * limit). Transient failures are retried with backoff within the execution's retry
 * budget, and an access token Zoho rejects mid-run is refreshed once and the page tried
 * once more. A failure surfaces when the reader reaches that page, so the committed
 * position stays exact.
 */
final class UsersPageFetcher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(UsersPageFetcher.class);

	private final ZohoUsersClient client;

	private final AccessTokens accessTokens;

	private final Retrying retrying;

	private final String connectionName;

	private final int perPage;

	private final int prefetch;

	private final Map<Integer, CompletableFuture<UsersPage>> scheduled = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicLong httpNanos = new AtomicLong();

	private final Retrying.Budget budget;

	private ExecutorService executor;

	private volatile ApiAccess access;

	private long waitNanos;

	UsersPageFetcher(ZohoUsersClient client, AccessTokens accessTokens, Retrying retrying, Retrying.Budget budget,
			String connectionName, int perPage, int prefetch) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.retrying = retrying;
		this.budget = budget;
		this.connectionName = connectionName;
		this.perPage = perPage;
		this.prefetch = prefetch;
	}

	/** Takes the connection's current access token. */
	void open() {
		this.access = this.accessTokens.current(this.connectionName);
		this.executor = Executors.newFixedThreadPool(this.prefetch, runnable -> {
			Thread thread = new Thread(runnable, "zoho-users-fetch");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Page {@code page}, waiting for it if needed; the pages after it are requested
	 * meanwhile (the caller only asks for a page when the previous one said
	 * {@code more_records}).
	 */
	UsersPage fetch(int page) {
		// the fetching threads log and count for the run: its log context and connection
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		for (int ahead = page; ahead < page + this.prefetch; ahead++) {
			int next = ahead;
			this.scheduled.computeIfAbsent(next, key -> CompletableFuture.supplyAsync(() -> {
				if (logContext != null) {
					MDC.setContextMap(logContext);
				}
				try {
					return RunMetrics.onBehalfOf(this.connectionName, () -> fetchWithRefresh(next));
				}
				finally {
					MDC.clear();
				}
			}, this.executor));
		}
		long started = System.nanoTime();
		try {
			UsersPage result = this.scheduled.remove(page).join();
			if (!result.moreRecords()) {
				cancelBeyond(page);
			}
			return result;
		}
		catch (CompletionException ex) {
			cancelBeyond(page);
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		catch (CancellationException ex) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + page + ": fetch was cancelled", ex);
		}
		finally {
			this.waitNanos += System.nanoTime() - started;
		}
	}

	private UsersPage fetchWithRefresh(int page) {
		return call("Users page " + page, token -> this.client.fetchPage(token, page, this.perPage));
	}

	/**
	 * How many users Zoho counts ({@code type=AllUsers}), or empty when this token or
	 * edition cannot ask (the scope is missing, or Zoho refuses the request): the caller
	 * then cannot check the read for completeness.
	 */
	OptionalLong countAllUsers() {
		try {
			return OptionalLong.of(call(ZohoUsersClient.COUNT, this.client::countAllUsers));
		}
		catch (ScopeMissingException | RequestRefusedException ex) {
			log.warn("Connection '{}': cannot check that every user was read: {}", this.connectionName,
					ex.getMessage());
			return OptionalLong.empty();
		}
	}

	/** Forgets the pages requested ahead: the reader starts again from page 1. */
	void reset() {
		cancelBeyond(0);
	}

	// retried while transient; a rejected access token is refreshed once and the request
	// tried once more
	private <T> T call(String what, Function<ApiAccess, T> request) {
		ApiAccess token = this.access;
		try {
			return timed(what, token, request);
		}
		catch (AccessTokenRejectedException ex) {
			return timed(what, refreshedSince(token, what), request);
		}
	}

	// one refresh for all the requests that saw the same token rejected
	private synchronized ApiAccess refreshedSince(ApiAccess rejected, String what) {
		if (this.access == rejected) {
			log.warn("{}: Zoho rejected the access token; refreshing it once and trying again", what);
			this.access = this.accessTokens.refreshAfterRejection(this.connectionName);
		}
		return this.access;
	}

	private <T> T timed(String what, ApiAccess token, Function<ApiAccess, T> request) {
		return this.retrying.call(what, this.budget, () -> {
			long started = System.nanoTime();
			try {
				return request.apply(token);
			}
			finally {
				this.requests.incrementAndGet();
				this.httpNanos.addAndGet(System.nanoTime() - started);
			}
		});
	}

	private void cancelBeyond(int page) {
		this.scheduled.keySet().removeIf(key -> {
			if (key > page) {
				this.scheduled.get(key).cancel(true);
				return true;
			}
			return false;
		});
	}

	/** Requests made so far, retries included. */
	int requests() {
		return this.requests.get();
	}

	/** Time spent in HTTP calls, summed over the concurrent requests. */
	long httpMillis() {
		return this.httpNanos.get() / 1_000_000;
	}

	/** Time the reader spent waiting for pages. */
	long waitMillis() {
		return this.waitNanos / 1_000_000;
	}

	@Override
	public void close() {
		this.scheduled.values().forEach(future -> future.cancel(true));
		this.scheduled.clear();
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

}
