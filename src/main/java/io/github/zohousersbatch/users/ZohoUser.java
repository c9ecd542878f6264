package io.github.zohousersbatch.users;

import java.time.OffsetDateTime;

/**
 * A Zoho CRM user as this job keeps it. Ids stay strings: Zoho ids have 18-19 digits.
 *
 * @param id Zoho user id
 * @param email email address
 * @param fullName full name
 * @param firstName first name
 * @param lastName last name
 * @param status Zoho status: active, inactive, disabled, deleted, closed, disabled
 * dormant, ...
 * @param confirmed whether the user accepted the invitation ({@code confirm})
 * @param roleId role id
 * @param roleName role name
 * @param profileId profile id
 * @param profileName profile name
 * @param timeZone time zone name
 * @param createdTime {@code created_time}, with the offset Zoho sent
 * @param modifiedTime {@code Modified_Time}, with the offset Zoho sent
 * @param userType {@code type__s}: Regular User, Client Portal User, Sandbox Developer
 * User, Team User, Support User, ...
 * @param statusReason {@code status_reason__s}
 * @param zuid Zoho account id, null until the invitation is accepted
 */
public record ZohoUser(String id, String email, String fullName, String firstName, String lastName, String status,
		Boolean confirmed, String roleId, String roleName, String profileId, String profileName, String timeZone,
		OffsetDateTime createdTime, OffsetDateTime modifiedTime, String userType, String statusReason, String zuid) {

	/** A Regular User, without a status reason or account id. */
	public ZohoUser(String id, String email, String fullName, String firstName, String lastName, String status,
			Boolean confirmed, String roleId, String roleName, String profileId, String profileName, String timeZone,
			OffsetDateTime createdTime, OffsetDateTime modifiedTime) {
		this(id, email, fullName, firstName, lastName, status, confirmed, roleId, roleName, profileId, profileName,
				timeZone, createdTime, modifiedTime, "Regular User", null, null);
	}

	/** Whether Zoho counts this user as active (a licence in use). */
	public boolean isActive() {
		return "active".equalsIgnoreCase(this.status);
	}

}
