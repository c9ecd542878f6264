package io.github.zohousersbatch.users;

import java.util.List;

/**
 * One page of {@code GET /crm/v8/users}.
 *
 * @param page 1-based page number
 * @param entries the user records on it, possibly none
 * @param moreRecords Zoho's {@code info.more_records}: whether a next page exists
 */
public record UsersPage(int page, List<UserEntry> entries, boolean moreRecords) {

	/** The answer to a 204: no users, no further page. */
	static UsersPage empty(int page) {
		return new UsersPage(page, List.of(), false);
	}

	int size() {
		return this.entries.size();
	}

}
