package io.github.zohousersbatch.users;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * A user record that cannot be stored: skipped and recorded while within the skip limit.
 * The message names the record by page and id only, never by personal data.
 */
class UnusableUserException extends ZohoBatchException {

	private final UserEntry entry;

	UnusableUserException(UserEntry entry) {
		super(FailureReason.FAILED, "User record " + ((entry.id() != null) ? entry.id() : "without id")
				+ " on users page " + entry.page() + " is unusable: " + entry.problem());
		this.entry = entry;
	}

	UserEntry entry() {
		return this.entry;
	}

}
