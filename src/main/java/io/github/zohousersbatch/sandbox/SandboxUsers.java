package io.github.zohousersbatch.sandbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of the sandbox organisation: user {@code i} is a pure function of {@code i},
 * so any page of a large organisation costs nothing to build. Every Zoho status value
 * occurs, and each record carries the extra fields and inconsistent casing of real
 * responses (Zoho CRM API v2 and v8: "Get Users", sample responses).
 */
public final class SandboxUsers {

	/** Every status Zoho CRM v8 documents, most users active. */
	static final List<String> STATUSES = List.of("active", "active", "active", "inactive", "active", "disabled",
			"active", "deleted", "active", "closed", "active", "disabled dormant");

	/**
	 * Every user type Zoho CRM v7 and v8 document ({@code type__s}), most users Regular
	 * Users. Thirteen entries against twelve statuses: every type occurs with every
	 * status.
	 */
	static final List<String> TYPES = List.of("Regular User", "Regular User", "Client Portal User", "Regular User",
			"Regular User", "Sandbox Developer User", "Regular User", "Regular User", "Team User", "Regular User",
			"Regular User", "Support User", "Regular User");

	private static final String[] FIRST = { "Patricia", "Jack", "Jane", "Ravi", "Amelia", "Kenji", "Fatima", "Lucas",
			"Ines", "Noah", "Priya", "Olga" };

	private static final String[] LAST = { "Boyle", "Smith", "Jones", "Iyer", "Dubois", "Sato", "Haddad", "Moreau",
			"Silva", "Fischer", "Nair", "Petrova" };

	private static final String[][] ROLES = { { "4150868000000026005", "CEO" }, { "4150868000000026008", "Manager" },
			{ "4150868000000231811", "Sales Representative" } };

	private static final String[][] PROFILES = { { "4150868000000026011", "Administrator" },
			{ "4150868000000026014", "Standard" }, { "4150868000000231829", "Sales" } };

	private static final String[] TIME_ZONES = { "Asia/Calcutta", "Europe/Paris", "America/New_York", "Asia/Tokyo" };

	private final int count;

	public SandboxUsers(int count) {
		this.count = count;
	}

	public int count() {
		return this.count;
	}

	/** How many of the users Zoho reports as {@code active}. */
	public long activeCount() {
		long active = 0;
		for (int i = 0; i < this.count; i++) {
			if (status(i).equals("active")) {
				active++;
			}
		}
		return active;
	}

	/**
	 * How many of the users consume a CRM user licence as Zoho counts them: active
	 * Regular Users (what {@code used_count} of the user licences says).
	 */
	public long licensedCount() {
		long licensed = 0;
		for (int i = 0; i < this.count; i++) {
			if (status(i).equals("active") && type(i).equals("Regular User")) {
				licensed++;
			}
		}
		return licensed;
	}

	static String type(int index) {
		return TYPES.get(index % TYPES.size());
	}

	static String id(int index) {
		return Long.toString(4150868000000225013L + 1000L * index);
	}

	static String status(int index) {
		return STATUSES.get(index % STATUSES.size());
	}

	/** User {@code index} (0-based) as Zoho's JSON object. */
	Map<String, Object> user(int index) {
		String first = FIRST[index % FIRST.length];
		String last = LAST[(index / FIRST.length) % LAST.length];
		String[] role = ROLES[index % ROLES.length];
		String[] profile = PROFILES[(index / 2) % PROFILES.length];
		boolean confirmed = index % 7 != 3;
		OffsetDateTime created = OffsetDateTime.of(2019, 8, 20, 11, 21, 16, 0, ZoneOffset.ofHoursMinutes(5, 30))
			.plusHours(index);
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("country", "US");
		user.put("role", Map.of("name", role[1], "id", role[0]));
		user.put("city", null);
		user.put("language", "en_US");
		user.put("locale", "en_US");
		user.put("microsoft", false);
		user.put("Isonline", index % 3 == 0);
		user.put("Modified_By", Map.of("name", "Patricia Boyle", "id", id(0)));
		user.put("alias", null);
		user.put("id", id(index));
		user.put("first_name", first);
		user.put("email", (first + "." + last + index + "@zylker.com").toLowerCase());
		user.put("Reporting_To", null);
		user.put("created_time", created.toString());
		user.put("Modified_Time", created.plusDays(30).toString());
		user.put("time_format", "hh:mm a");
		user.put("offset", 19800000);
		user.put("profile", Map.of("name", profile[1], "id", profile[0]));
		user.put("last_name", last);
		user.put("time_zone", TIME_ZONES[index % TIME_ZONES.length]);
		user.put("created_by", Map.of("name", "Patricia Boyle", "id", id(0)));
		user.put("zuid", confirmed ? Long.toString(694579958L + index) : null);
		user.put("confirm", confirmed);
		user.put("full_name", first + " " + last);
		user.put("territories", List.of());
		user.put("date_format", "MM/dd/yyyy");
		user.put("status", status(index));
		user.put("type__s", type(index));
		user.put("$current_shift", null);
		user.put("status_reason__s", status(index).equals("active") ? null : "Changed by an administrator");
		return user;
	}

}
