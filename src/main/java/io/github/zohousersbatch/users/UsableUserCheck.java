package io.github.zohousersbatch.users;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Hands every usable user record on to the writer, active or not: staging needs them all
 * (who left is told apart from who is no longer returned, and the read is checked for
 * completeness, by the whole list), and in Spring Batch 6 only what the processor emits
 * survives a chunk whose write is rolled back and written again item by item (scan). A
 * record without a usable id or status is handed to the step's skip handling.
 */
class UsableUserCheck implements ItemProcessor<UserEntry, UserEntry> {

	@Override
	public UserEntry process(UserEntry entry) {
		if (!entry.isUsable()) {
			throw new UnusableUserException(entry);
		}
		return entry;
	}

}
