package io.github.zohousersbatch.users;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.AccessTokenRejectedException;
import io.github.zohousersbatch.http.RequestRefusedException;
import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.http.ScopeMissingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users API calls of one execution, from any number of threads: retried while
 * transient within the execution's retry budget, the access token refreshed once (for all
 * the calls that saw it) when Zoho rejects it mid-run, and counted and timed.
 */
final class UsersCalls {

	private static final Logger log = LoggerFactory.getLogger(UsersCalls.class);

	private final ZohoUsersClient client;

	private final AccessTokens accessTokens;

	private final Retrying retrying;

	private final Retrying.Budget budget;

	private final String connectionName;

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicLong httpNanos = new AtomicLong();

	private volatile ApiAccess access;

	UsersCalls(ZohoUsersClient client, AccessTokens accessTokens, Retrying retrying, Retrying.Budget budget,
			String connectionName) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.retrying = retrying;
		this.budget = budget;
		this.connectionName = connectionName;
	}

	/** The connection whose calls these are. */
	String connection() {
		return this.connectionName;
	}

	/** Takes the connection's current access token. */
	void open() {
		this.access = this.accessTokens.current(this.connectionName);
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

	// retried while transient; a rejected access token is refreshed once and the request
	// tried once more
	<T> T call(String what, Function<ApiAccess, T> request) {
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

	/** Requests made so far, retries included. */
	int requests() {
		return this.requests.get();
	}

	/** Time spent in HTTP calls, summed over the concurrent requests. */
	long httpMillis() {
		return this.httpNanos.get() / 1_000_000;
	}

}
