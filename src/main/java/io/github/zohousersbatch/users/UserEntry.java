package io.github.zohousersbatch.users;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One element of a page's {@code users} array: the user it maps to, or why it cannot be
 * used.
 *
 * @param page page it came from
 * @param pass which reading of the pages it belongs to (1, or 2 and more after Zoho's
 * list changed under the run)
 * @param id the record's id as sent (at most 32 characters kept), or null
 * @param user the mapped user, or null when unusable
 * @param problem why the record cannot be used, or null
 * @param sanitised fields that were changed to fit their columns, by name and change
 * (never by value)
 */
public record UserEntry(int page, int pass, String id, ZohoUser user, String problem, List<String> sanitised) {

	private static final Pattern ZOHO_ID = Pattern.compile("[0-9]{1,19}");

	static UserEntry usable(int page, ZohoUser user, List<String> sanitised) {
		return new UserEntry(page, 1, user.id(), user, null, sanitised);
	}

	static UserEntry unusable(int page, String id, String problem) {
		String kept = (id == null || id.isBlank()) ? null : (id.length() > 32) ? id.substring(0, 32) : id;
		return new UserEntry(page, 1, kept, null, problem, List.of());
	}

	/** The same entry, as read in {@code pass}. */
	UserEntry inPass(int pass) {
		return (pass == this.pass) ? this
				: new UserEntry(this.page, pass, this.id, this.user, this.problem, this.sanitised);
	}

	public boolean isUsable() {
		return this.problem == null;
	}

	/**
	 * Whether the record carries a Zoho user id, so that it can be told apart from every
	 * other record.
	 */
	boolean isIdentified() {
		return this.id != null && isZohoId(this.id);
	}

	static boolean isZohoId(String id) {
		return ZOHO_ID.matcher(id).matches();
	}

}
