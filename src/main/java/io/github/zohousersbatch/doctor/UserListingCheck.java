package io.github.zohousersbatch.doctor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.github.zohousersbatch.doctor.DoctorReport.Check;
import io.github.zohousersbatch.doctor.DoctorReport.Result;
import io.github.zohousersbatch.http.ZohoApi;
import io.github.zohousersbatch.users.ZohoUsersClient;
import tools.jackson.databind.JsonNode;

/**
 * Whether Zoho's count of users ({@code users/actions/count?type=T}) equals the users its
 * listing returns ({@code users?type=T}, pages of 200) for each {@code type} this job or
 * its reports rely on, and whether page-number paging works past 2,000 users where the
 * organisation has more (Zoho refuses it for records with
 * {@code DISCRETE_PAGINATION_LIMIT_EXCEEDED}, and documents no such limit, nor a
 * {@code page_token}, for users). Counts and the paging probe come first, one credit
 * each; a listing is read only when the credits left cover all its pages.
 */
final class UserListingCheck {

	/** The types checked: what a run reads, and the states reports show. */
	static final List<String> TYPES = List.of("AllUsers", "ActiveUsers", "DeactiveUsers", "NotConfirmedUsers");

	static final int PER_PAGE = 200;

	// Zoho's limit on page-number paging for records (Get Records v8)
	static final int PAGING_LIMIT = 2000;

	private final DoctorProbe probe;

	private final Map<String, Object> counts = new LinkedHashMap<>();

	UserListingCheck(DoctorProbe probe) {
		this.probe = probe;
	}

	/** Zoho's count for every type: a number, or why there is none. */
	void count() {
		for (String type : TYPES) {
			Optional<ZohoApi.Answer> answer = this.probe.get("/crm/v8/users/actions/count?type=" + type,
					"Users count " + type);
			if (answer.isEmpty()) {
				this.counts.put(type, "not asked: credit limit reached");
			}
			else {
				// Zoho's schema types the count as a string; the examples show a number
				String count = this.probe.json(answer.get()).path("count").asString("").trim();
				this.counts.put(type, (answer.get().status() == 200 && count.matches("[0-9]{1,18}"))
						? (Object) Long.parseLong(count) : "Zoho answered " + this.probe.error(answer.get()));
			}
		}
	}

	OptionalLong counted(String type) {
		return (this.counts.get(type) instanceof Long count) ? OptionalLong.of(count) : OptionalLong.empty();
	}

	/** Page 11 of 200 where Zoho counts more than 2,000 users (one credit). */
	Check pagingPast2000() {
		String name = "paging past 2,000";
		OptionalLong all = counted("AllUsers");
		if (all.isEmpty()) {
			return Check.skipped(name, "Zoho's count of users is unknown");
		}
		if (all.getAsLong() <= PAGING_LIMIT) {
			return Check.skipped(name,
					"the organisation has " + all.getAsLong() + " users: no page past 2,000 to read");
		}
		int page = PAGING_LIMIT / PER_PAGE + 1;
		Optional<ZohoApi.Answer> answer = this.probe.get(usersPage("AllUsers", page), "Users page " + page);
		if (answer.isEmpty()) {
			return Check.skipped(name, "not asked: credit limit reached");
		}
		if (answer.get().status() == 200) {
			return Check.ok(name, "users page " + page + " of " + PER_PAGE + " (users 2,001 on) answered HTTP 200");
		}
		String error = this.probe.error(answer.get());
		if (error.contains(ZohoUsersClient.PAGING_REFUSED)) {
			return new Check(name, Result.FAIL,
					"users page " + page + " answered " + error + ": Zoho refuses page-number paging past "
							+ "2,000 users for this organisation, and offers users no page_token",
					"runs cannot read this organisation's users past 2,000; report this output to the maintainers");
		}
		return new Check(name, Result.WARN, "users page " + page + " answered " + error, null);
	}

	/** The count against the listing, for every type whose pages the credits cover. */
	List<Check> listings() {
		List<Check> checks = new ArrayList<>();
		for (String type : TYPES) {
			checks.add(listing(type));
		}
		return checks;
	}

	private Check listing(String type) {
		String name = "count = list (" + type + ")";
		if (!(this.counts.get(type) instanceof Long count)) {
			return new Check(name, "AllUsers".equals(type) ? Result.WARN : Result.SKIPPED,
					"count " + this.counts.get(type), "AllUsers".equals(type)
							? "runs cannot check that they read every user; grant the scope ZohoCRM.users.READ" : null);
		}
		int pages = (int) Math.max(1, (count + PER_PAGE - 1) / PER_PAGE);
		if (!this.probe.canAfford(pages)) {
			return Check.skipped(name, "Zoho counts " + count + "; listing them needs " + pages + " credits, more "
					+ "than the limit leaves (--max-credits)");
		}
		Set<String> ids = new HashSet<>();
		long records = 0;
		// as far as more_records says: the credit limit bounds a list that never ends
		for (int page = 1;; page++) {
			Optional<ZohoApi.Answer> answer = this.probe.get(usersPage(type, page), "Users page " + page);
			if (answer.isEmpty()) {
				return Check.skipped(name,
						"Zoho counts " + count + "; listing stopped at the credit limit after " + records + " records");
			}
			if (answer.get().status() == 204) {
				break;
			}
			if (answer.get().status() != 200) {
				return new Check(name, Result.WARN,
						"Zoho counts " + count + "; users page " + page + " answered " + this.probe.error(answer.get()),
						null);
			}
			JsonNode body = this.probe.json(answer.get());
			for (JsonNode user : body.path("users")) {
				ids.add(user.path("id").asString(""));
				records++;
			}
			if (!body.path("info").path("more_records").asBoolean(false)) {
				break;
			}
		}
		return compared(name, type, count, ids.size(), records);
	}

	private static Check compared(String name, String type, long count, long distinct, long records) {
		String detail = "Zoho counts " + count + ", lists " + distinct + " distinct users"
				+ ((records > distinct) ? " in " + records + " records (" + (records - distinct) + " repeated)" : "");
		if (count == distinct && records == distinct) {
			return Check.ok(name, detail);
		}
		if (!"AllUsers".equals(type)) {
			return new Check(name, Result.WARN, detail, null);
		}
		return new Check(name, Result.FAIL, detail + " (difference " + (distinct - count) + ")",
				"runs read every page twice when the read differs from the count; when both reads list the same users "
						+ "the run completes and remembers the difference, so zoho.job.completeness-check=fail (the "
						+ "default) suits a constant difference. If runs still fail with exit 8, the list moves under the "
						+ "read: schedule runs when it is quiet, or set zoho.job.completeness-check=warn");
	}

	private static String usersPage(String type, int page) {
		return "/crm/v8/users?type=" + type + "&page=" + page + "&per_page=" + PER_PAGE;
	}

}
