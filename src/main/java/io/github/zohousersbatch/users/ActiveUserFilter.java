package io.github.zohousersbatch.users;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Keeps the users Zoho marks {@code active}; every other status is filtered out and
 * counted in the step's filter count (the writer still records them, see
 * {@link UserStagingWriter}). A record without a usable id or status is handed to the
 * step's skip handling.
 */
class ActiveUserFilter implements ItemProcessor<UserEntry, UserEntry> {

	@Override
	public UserEntry process(UserEntry entry) {
		if (!entry.isUsable()) {
			throw new UnusableUserException(entry);
		}
		return entry.user().isActive() ? entry : null;
	}

}
