package io.github.zohousersbatch.users;

/**
 * One element of a page's {@code users} array: the user it maps to, or why it cannot be used.
 *
 * @param page page it came from
 * @param id the record's id as sent (at most 32 characters kept), or null
 * @param user the mapped user, or null when unusable
 * @param problem why the record cannot be used, or null
 */
public record UserEntry(int page, String id, ZohoUser user, String problem) {

	static UserEntry usable(int page, ZohoUser user) {
		return new UserEntry(page, user.id(), user, null);
	}

	static UserEntry unusable(int page, String id, String problem) {
		String kept = (id == null || id.isBlank()) ? null : (id.length() > 32) ? id.substring(0, 32) : id;
		return new UserEntry(page, kept, null, problem);
	}

	public boolean isUsable() {
		return this.problem == null;
	}

}
