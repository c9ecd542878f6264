package io.github.zohousersbatch.users;

import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.db.ColumnText;
import tools.jackson.databind.JsonNode;

/**
 * Turns the fields of a Zoho user record into a {@link UserEntry}. Only the id and the
 * status decide whether a record can be used: a record without a Zoho user id cannot be
 * told apart from others, and one without a status cannot say whether the user holds a
 * licence. Every other field is made to fit its column ({@link ColumnText}), and a field
 * of an unexpected type becomes null, so that one odd record never fails a run. Column
 * sizes are those of {@code zoho_user_staging} and {@code zoho_user_aggregation}.
 */
final class UserMapping {

	private static final int STATUS_LIMIT = 64;

	private UserMapping() {
	}

	/**
	 * The raw fields of one record, as read.
	 *
	 * @param id id
	 * @param email email
	 * @param fullName full_name
	 * @param firstName first_name
	 * @param lastName last_name
	 * @param status status
	 * @param confirm confirm
	 * @param roleId role.id
	 * @param roleName role.name
	 * @param profileId profile.id
	 * @param profileName profile.name
	 * @param timeZone time_zone, as a name
	 * @param createdTime created_time
	 * @param modifiedTime Modified_Time
	 * @param userType type__s
	 * @param statusReason status_reason__s
	 * @param zuid zuid
	 */
	record Fields(String id, String email, String fullName, String firstName, String lastName, String status,
			Boolean confirm, String roleId, String roleName, String profileId, String profileName, String timeZone,
			String createdTime, String modifiedTime, String userType, String statusReason, String zuid) {
	}

	/**
	 * The entry for these fields; {@code problems} are fields already found of the wrong
	 * type.
	 */
	static UserEntry entry(int page, Fields raw, List<String> problems) {
		String id = (raw.id() != null) ? raw.id().trim() : null;
		if (id == null || id.isEmpty()) {
			return UserEntry.unusable(page, null, "no id");
		}
		if (!UserEntry.isZohoId(id)) {
			return UserEntry.unusable(page, id, "id is not a Zoho user id (1 to 19 digits)");
		}
		ColumnText text = new ColumnText(problems);
		String status = text.clean("status", raw.status());
		if (status == null || status.isBlank()) {
			return UserEntry.unusable(page, id, "no usable status");
		}
		if (status.length() > STATUS_LIMIT) {
			return UserEntry.unusable(page, id, "status longer than " + STATUS_LIMIT + " characters");
		}
		ZohoUser user = new ZohoUser(id, text.fit("email", raw.email(), 320),
				text.fit("full_name", raw.fullName(), 500), text.fit("first_name", raw.firstName(), 255),
				text.fit("last_name", raw.lastName(), 255), status, raw.confirm(),
				text.fit("role.id", raw.roleId(), 32), text.fit("role.name", raw.roleName(), 255),
				text.fit("profile.id", raw.profileId(), 32), text.fit("profile.name", raw.profileName(), 255),
				text.fit("time_zone", raw.timeZone(), 150), text.time("created_time", raw.createdTime()),
				text.time("Modified_Time", raw.modifiedTime()), text.fit("type__s", raw.userType(), 64),
				text.fit("status_reason__s", raw.statusReason(), 255), text.fit("zuid", raw.zuid(), 32));
		return UserEntry.usable(page, user, text.changes());
	}

	/**
	 * The entry for a record that the fast path could not read: each field is read on its
	 * own, a value of the wrong type becomes null and is noted.
	 */
	static UserEntry fromTree(JsonNode node, int page) {
		if (!node.isObject()) {
			return UserEntry.unusable(page, null, "not a JSON object but " + node.getNodeType());
		}
		List<String> problems = new ArrayList<>(0);
		JsonNode role = object(node, "role", problems);
		JsonNode profile = object(node, "profile", problems);
		Fields raw = new Fields(scalar(node, "id", null), scalar(node, "email", problems),
				scalar(node, "full_name", problems), scalar(node, "first_name", problems),
				scalar(node, "last_name", problems), scalar(node, "status", null), flag(node, "confirm", problems),
				scalar(role, "id", problems, "role.id"), scalar(role, "name", problems, "role.name"),
				scalar(profile, "id", problems, "profile.id"), scalar(profile, "name", problems, "profile.name"),
				timeZoneName(node.get("time_zone")), scalar(node, "created_time", problems),
				scalar(node, "Modified_Time", problems), scalar(node, "type__s", problems),
				scalar(node, "status_reason__s", problems), scalar(node, "zuid", problems));
		return entry(page, raw, problems);
	}

	// a string in every sample; one published schema types it as an object
	static String timeZoneName(JsonNode timeZone) {
		if (timeZone == null || timeZone.isNull()) {
			return null;
		}
		if (timeZone.isValueNode()) {
			return timeZone.asString();
		}
		JsonNode name = timeZone.get("name");
		return (name != null && name.isValueNode()) ? name.asString() : timeZone.toString();
	}

	private static String scalar(JsonNode node, String field, List<String> problems) {
		return scalar(node, field, problems, field);
	}

	// text from a string, a number or a boolean; anything else is of the wrong type
	private static String scalar(JsonNode node, String field, List<String> problems, String name) {
		JsonNode value = (node != null) ? node.get(field) : null;
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isValueNode()) {
			return value.asString();
		}
		if (problems != null) {
			problems.add(name + " was " + value.getNodeType() + ", stored as null");
		}
		return null;
	}

	private static JsonNode object(JsonNode node, String field, List<String> problems) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || value.isObject()) {
			return value;
		}
		problems.add(field + " was " + value.getNodeType() + ", stored as null");
		return null;
	}

	private static Boolean flag(JsonNode node, String field, List<String> problems) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		if (value.isString()
				&& (value.asString().equalsIgnoreCase("true") || value.asString().equalsIgnoreCase("false"))) {
			return Boolean.parseBoolean(value.asString());
		}
		problems.add(field + " was " + value.getNodeType() + ", stored as null");
		return null;
	}

}
