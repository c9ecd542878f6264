package io.github.zohousersbatch.users;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * One user object of {@code GET /crm/v8/users} (zoho-api.md, section 3.5). Unknown fields are ignored: Zoho adds
 * new ones between versions, and casing is inconsistent ({@code created_time} but {@code Modified_Time}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record UserJson(String id, String email, @JsonProperty("full_name") String fullName,
		@JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName, String status,
		Boolean confirm, NamedRef role, NamedRef profile, @JsonProperty("time_zone") JsonNode timeZone,
		@JsonProperty("created_time") String createdTime, @JsonProperty("Modified_Time") String modifiedTime) {

	/** {@code role}, {@code profile}: {@code {"name": ..., "id": ...}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record NamedRef(String id, String name) {
	}

	/** The entry for this record: the user, or the first reason it cannot be stored. */
	UserEntry toEntry(int page) {
		String problem = problem();
		if (problem != null) {
			return UserEntry.unusable(page, this.id, problem);
		}
		return UserEntry.usable(page, new ZohoUser(this.id, this.email, this.fullName, this.firstName, this.lastName,
				this.status, this.confirm, (this.role != null) ? this.role.id() : null,
				(this.role != null) ? this.role.name() : null, (this.profile != null) ? this.profile.id() : null,
				(this.profile != null) ? this.profile.name() : null, timeZoneName(), time(this.createdTime),
				time(this.modifiedTime)));
	}

	// what the aggregation table can hold (sql/003-user-aggregation.sql)
	private String problem() {
		if (this.id == null || this.id.isBlank()) {
			return "no id";
		}
		if (!this.id.matches("[0-9]{1,19}")) {
			return "id is not a Zoho user id (1 to 19 digits)";
		}
		return firstNonNull(tooLong("email", this.email, 320), tooLong("full_name", this.fullName, 500),
				tooLong("first_name", this.firstName, 255), tooLong("last_name", this.lastName, 255),
				tooLong("status", this.status, 64), tooLong("role.id", (this.role != null) ? this.role.id() : null, 32),
				tooLong("role.name", (this.role != null) ? this.role.name() : null, 255),
				tooLong("profile.id", (this.profile != null) ? this.profile.id() : null, 32),
				tooLong("profile.name", (this.profile != null) ? this.profile.name() : null, 255),
				tooLong("time_zone", timeZoneName(), 150));
	}

	private static String tooLong(String field, String value, int limit) {
		return (value != null && value.length() > limit) ? field + " longer than " + limit + " characters" : null;
	}

	private static String firstNonNull(String... problems) {
		for (String problem : problems) {
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	// a string in every sample; one OAS snapshot types it as an object
	private String timeZoneName() {
		if (this.timeZone == null || this.timeZone.isNull()) {
			return null;
		}
		if (this.timeZone.isString()) {
			return this.timeZone.asString();
		}
		JsonNode name = this.timeZone.get("name");
		return (name != null && name.isString()) ? name.asString() : this.timeZone.toString();
	}

	private static OffsetDateTime time(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
