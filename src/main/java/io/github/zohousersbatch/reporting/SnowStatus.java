package io.github.zohousersbatch.reporting;

import java.util.Locale;

/**
 * A Zoho CRM user's status as Snow's SaaS - Generic connector knows it (its JSON schema's
 * {@code Status} enum, case-sensitive). Zoho's v8 statuses are {@code active},
 * {@code inactive}, {@code disabled}, {@code disabled dormant}, {@code deleted} and
 * {@code closed}; an active user who never accepted the invitation ({@code confirm}
 * false) is Snow's {@code Invited}. What Zoho adds later is {@code Undefined}, Snow's
 * default, rather than a guess.
 */
public enum SnowStatus {

	/** Active and confirmed. */
	Active,

	/** Active in Zoho, invitation never accepted. */
	Invited,

	/** Zoho {@code inactive}. */
	Inactive,

	/** Zoho {@code disabled}: deactivated by an administrator. */
	Disabled,

	/** Zoho {@code disabled dormant}: deactivated by Zoho for lack of use. */
	Suspended,

	/** Zoho {@code deleted} or {@code closed}: the account is gone. */
	Deleted,

	/** Any other status, or none. */
	Undefined;

	/** The Snow status of a Zoho status and {@code confirm} flag (null: not sent). */
	public static SnowStatus of(String zohoStatus, Boolean confirmed) {
		if (zohoStatus == null) {
			return Undefined;
		}
		return switch (zohoStatus.strip().toLowerCase(Locale.ROOT)) {
			case "active" -> Boolean.FALSE.equals(confirmed) ? Invited : Active;
			case "inactive" -> Inactive;
			case "disabled" -> Disabled;
			case "disabled dormant" -> Suspended;
			case "deleted", "closed" -> Deleted;
			default -> Undefined;
		};
	}

}
