package io.github.zohousersbatch.users;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.http.TransientHttpException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of a 200 answer to {@code GET /crm/v8/users}: {@code {"users": [...],
 * "info": {...}}}. A body that is not JSON (an HTML error page, a truncated answer) is
 * transient; JSON of the wrong shape is not. A single odd user record does not spoil the
 * page: its fields are read one by one ({@link UserMapping}).
 */
final class UsersPageParser {

	private final JsonMapper json;

	UsersPageParser(JsonMapper json) {
		this.json = json;
	}

	UsersPage parse(String body, int page, int perPage) {
		// fast path: one pass straight into records; any surprise goes the careful way
		// below
		try {
			Page typed = this.json.readValue(body, Page.class);
			List<UserJson> users = (typed.users() != null) ? typed.users() : List.of();
			if (users.size() <= perPage && !users.contains(null)) {
				List<UserEntry> entries = new ArrayList<>(users.size());
				for (UserJson user : users) {
					entries.add(user.toEntry(page));
				}
				boolean more = typed.info() != null && Boolean.TRUE.equals(typed.info().moreRecords());
				return new UsersPage(page, List.copyOf(entries), more && !entries.isEmpty());
			}
		}
		catch (JacksonException ex) {
			// not valid JSON, or not of the expected shape: read the tree field by field
		}
		return parseCarefully(body, page, perPage);
	}

	private UsersPage parseCarefully(String body, int page, int perPage) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new TransientHttpException("Users page " + page + ": HTTP 200 with a body that is not JSON ("
					+ shorten(ex.getOriginalMessage()) + ")", null, null);
		}
		if (root == null || !root.isObject()) {
			throw wrongShape(page, "the body is not a JSON object");
		}
		JsonNode users = root.path("users");
		if (!users.isMissingNode() && !users.isNull() && !users.isArray()) {
			throw wrongShape(page, "'users' is " + users.getNodeType() + ", not an array");
		}
		if (users.size() > perPage) {
			throw wrongShape(page, users.size() + " users on a page of per_page=" + perPage);
		}
		List<UserEntry> entries = new ArrayList<>(users.size());
		for (JsonNode user : users) {
			entries.add(UserMapping.fromTree(user, page));
		}
		boolean more = root.path("info").path("more_records").asBoolean(false);
		return new UsersPage(page, List.copyOf(entries), more && !entries.isEmpty());
	}

	/** The page as it should be. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Page(List<UserJson> users, Info info) {
	}

	/** {@code info}: only {@code more_records} matters here. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Info(@JsonProperty("more_records") Boolean moreRecords) {
	}

	private static ZohoBatchException wrongShape(int page, String what) {
		return new ZohoBatchException(FailureReason.FAILED,
				"Users page " + page + ": Zoho answered HTTP 200 with JSON that is not a users page: " + what);
	}

	private static String shorten(String message) {
		String single = String.valueOf(message).replaceAll("\\s+", " ");
		return (single.length() > 160) ? single.substring(0, 157) + "..." : single;
	}

}
