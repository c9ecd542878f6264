package io.github.zohousersbatch.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs a Zoho request again after a {@link TransientHttpException}, waiting a random time
 * between half and all of an exponentially growing bound (jitter spreads concurrent
 * clients), or what {@code Retry-After} asked for, within a number of attempts per
 * request and a {@link Budget} per job execution, all its steps together. When they are
 * spent, the failure names the request and the last error.
 */
@Component
public class Retrying {

	private static final Logger log = LoggerFactory.getLogger(Retrying.class);

	private final HttpProperties.Retry settings;

	private final RunMetrics metrics;

	private final Map<Long, Budget> budgets = new ConcurrentHashMap<>();

	Retrying(HttpProperties properties, RunMetrics metrics) {
		this.settings = properties.retry();
		this.metrics = metrics;
	}

	/** The retries left to one job execution, shared by all its steps and requests. */
	public Budget budgetOf(long jobExecutionId) {
		return this.budgets.computeIfAbsent(jobExecutionId, id -> new Budget(this.settings.maxRetriesPerRun()));
	}

	/** The execution ended: its budget is no longer needed. */
	public void forget(long jobExecutionId) {
		this.budgets.remove(jobExecutionId);
	}

	/**
	 * The result of {@code request}, retried while it fails transiently, within the
	 * attempts per request only: for requests that belong to no execution (authorize,
	 * check) or whose execution is not known (token requests).
	 */
	public <T> T call(String what, Supplier<T> request) {
		return call(what, new Budget(this.settings.maxRetriesPerRun()), request);
	}

	/**
	 * The result of {@code request}, retried while it fails transiently.
	 * @param what names the request in messages, e.g. "Users page 3"
	 */
	public <T> T call(String what, Budget budget, Supplier<T> request) {
		long started = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			try {
				return request.get();
			}
			catch (TransientHttpException ex) {
				Duration wait = nextWait(attempt, ex.retryAfter());
				String spent = spent(attempt, budget, wait);
				String error = withoutPrefix(ex.getMessage(), what + ": ");
				if (spent != null) {
					throw new ZohoBatchException(FailureReason.FAILED,
							what + ": gave up after " + attempt + " attempt(s) in "
									+ seconds(System.nanoTime() - started) + " (" + spent + "); last error: " + error,
							ex);
				}
				log.warn("{}: {}; retry {} of {} in {} ms", what, error, attempt, this.settings.maxAttempts() - 1,
						wait.toMillis());
				this.metrics.retry();
				pause(wait, what);
			}
		}
	}

	private String spent(int attempt, Budget budget, Duration wait) {
		if (attempt >= this.settings.maxAttempts()) {
			return "attempts per request exhausted";
		}
		if (wait.compareTo(this.settings.maxRetryAfter()) > 0) {
			return "Zoho asked to wait " + wait.toSeconds() + " s, longer than zoho.http.retry.max-retry-after";
		}
		if (!budget.tryTake()) {
			return "retry budget of the execution exhausted";
		}
		return null;
	}

	// a Retry-After of 0, or a date already past, must not turn into retrying at once
	Duration nextWait(int attempt, Duration retryAfter) {
		Duration backoff = backoff(attempt);
		return (retryAfter != null && retryAfter.compareTo(backoff) > 0) ? retryAfter : backoff;
	}

	private Duration backoff(int attempt) {
		double bound = this.settings.initialBackoff().toMillis() * Math.pow(this.settings.multiplier(), attempt - 1);
		long capped = (long) Math.min(bound, this.settings.maxBackoff().toMillis());
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
	}

	private static void pause(Duration wait, String what) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZohoBatchException(FailureReason.FAILED, what + ": interrupted while waiting to retry", ex);
		}
	}

	private static String withoutPrefix(String message, String prefix) {
		return (message != null && message.startsWith(prefix)) ? message.substring(prefix.length()) : message;
	}

	private static String seconds(long nanos) {
		return String.format("%.1f s", nanos / 1e9);
	}

	/** Retries left for one execution, shared by all its requests. */
	public static final class Budget {

		private final AtomicInteger remaining;

		Budget(int retries) {
			this.remaining = new AtomicInteger(retries);
		}

		boolean tryTake() {
			return this.remaining.getAndUpdate(left -> Math.max(left - 1, -1)) > 0;
		}

	}

}
