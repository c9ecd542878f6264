package io.github.zohousersbatch.users;

import java.util.List;
import java.util.Objects;

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

	/**
	 * Whether this page lists the users of {@code previous} again (same size, same first
	 * and last user): paging that does not advance.
	 */
	boolean repeats(List<UserEntry> previous) {
		int size = size();
		return size > 0 && size == previous.size() && Objects.equals(this.entries.get(0).id(), previous.get(0).id())
				&& Objects.equals(this.entries.get(size - 1).id(), previous.get(size - 1).id());
	}

}
