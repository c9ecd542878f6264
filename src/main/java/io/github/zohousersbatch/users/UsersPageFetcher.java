package io.github.zohousersbatch.users;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.Retrying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pages for one execution, surviving what Zoho and the network do: transient failures are retried
 * with backoff within the execution's retry budget, and an access token Zoho rejects mid-run is refreshed once
 * and the page tried once more.
 */
final class UsersPageFetcher {

	private static final Logger log = LoggerFactory.getLogger(UsersPageFetcher.class);

	private final ZohoUsersClient client;

	private final AccessTokens accessTokens;

	private final Retrying retrying;

	private final String connectionName;

	private final int perPage;

	private Retrying.Budget budget;

	private volatile ApiAccess access;

	UsersPageFetcher(ZohoUsersClient client, AccessTokens accessTokens, Retrying retrying, String connectionName,
			int perPage) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.retrying = retrying;
		this.connectionName = connectionName;
		this.perPage = perPage;
	}

	/** Takes the connection's current access token and a fresh retry budget. */
	void open() {
		this.access = this.accessTokens.current(this.connectionName);
		this.budget = this.retrying.newBudget();
	}

	UsersPage fetch(int page) {
		try {
			return fetchWithRetries(page, this.access);
		}
		catch (AccessTokenRejectedException ex) {
			log.warn("Users page {}: Zoho rejected the access token; refreshing it once and trying again", page);
			ApiAccess refreshed = this.accessTokens.refreshAfterRejection(this.connectionName);
			this.access = refreshed;
			return fetchWithRetries(page, refreshed);
		}
	}

	private UsersPage fetchWithRetries(int page, ApiAccess token) {
		return this.retrying.call("Users page " + page, this.budget,
				() -> this.client.fetchPage(token, page, this.perPage));
	}

}
