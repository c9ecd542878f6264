package io.github.zohousersbatch.users;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The JSON body of {@code GET /crm/v8/users} (zoho-api.md, section 3.4). Unknown fields are ignored: Zoho adds
 * new ones between versions, and casing is inconsistent ({@code created_time} but {@code Modified_Time}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record UsersResponse(List<UserJson> users, Info info) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Info(@JsonProperty("per_page") Integer perPage, Integer count, Integer page,
			@JsonProperty("more_records") Boolean moreRecords) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record NamedRef(String id, String name) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record UserJson(String id, String email, @JsonProperty("full_name") String fullName,
			@JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName, String status,
			Boolean confirm, NamedRef role, NamedRef profile, @JsonProperty("time_zone") JsonNode timeZone,
			@JsonProperty("created_time") String createdTime, @JsonProperty("Modified_Time") String modifiedTime) {

		ZohoUser toUser() {
			return new ZohoUser(this.id, this.email, this.fullName, this.firstName, this.lastName, this.status,
					this.confirm, (this.role != null) ? this.role.id() : null,
					(this.role != null) ? this.role.name() : null, (this.profile != null) ? this.profile.id() : null,
					(this.profile != null) ? this.profile.name() : null, timeZoneName(), time(this.createdTime),
					time(this.modifiedTime));
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

}
