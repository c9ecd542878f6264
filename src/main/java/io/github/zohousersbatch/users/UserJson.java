package io.github.zohousersbatch.users;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * One user object of {@code GET /crm/v8/users} as Zoho documents it, read in one pass
 * (the fast path of {@link UsersPageParser}). Unknown fields are ignored: Zoho adds new
 * ones between versions, and casing is inconsistent ({@code created_time} but
 * {@code Modified_Time}). A record whose fields have other types than these is read field
 * by field instead ({@link UserMapping#fromTree}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record UserJson(String id, String email, @JsonProperty("full_name") String fullName,
		@JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName, String status,
		Boolean confirm, NamedRef role, NamedRef profile, @JsonProperty("time_zone") JsonNode timeZone,
		@JsonProperty("created_time") String createdTime, @JsonProperty("Modified_Time") String modifiedTime,
		@JsonProperty("type__s") String userType, @JsonProperty("status_reason__s") String statusReason, String zuid) {

	/** {@code role}, {@code profile}: {@code {"name": ..., "id": ...}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record NamedRef(String id, String name) {
	}

	/**
	 * The entry for this record: the user with its fields made to fit, or why it cannot
	 * be stored.
	 */
	UserEntry toEntry(int page) {
		return UserMapping.entry(page, new UserMapping.Fields(this.id, this.email, this.fullName, this.firstName,
				this.lastName, this.status, this.confirm, (this.role != null) ? this.role.id() : null,
				(this.role != null) ? this.role.name() : null, (this.profile != null) ? this.profile.id() : null,
				(this.profile != null) ? this.profile.name() : null, UserMapping.timeZoneName(this.timeZone),
				this.createdTime, this.modifiedTime, this.userType, this.statusReason, this.zuid), List.of());
	}

}
