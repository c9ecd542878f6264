package io.github.zohousersbatch.licence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The organisation behind a connection and what it pays for, from {@code GET /crm/v8/org}
 * ({@code org[0]} and its {@code license_details}).
 *
 * @param orgId Zoho organisation id
 * @param companyName company name
 * @param domainName Zoho domain name of the organisation
 * @param type production, sandbox or developer
 * @param countryCode country code
 * @param timeZone time zone of the organisation
 * @param paid whether the organisation pays
 * @param paidType edition paid for (free, standard, professional, enterprise, ultimate,
 * ...)
 * @param paidExpiry end of the paid period, or null
 * @param trialType edition on trial, or null
 * @param trialExpiry end of the trial, or null
 * @param usersLicensePurchased user licences purchased
 * @param portalUsersLicensePurchased portal user licences purchased
 * @param sanitised fields changed to fit their columns, by name
 */
public record OrgLicence(String orgId, String companyName, String domainName, String type, String countryCode,
		String timeZone, Boolean paid, String paidType, OffsetDateTime paidExpiry, String trialType,
		OffsetDateTime trialExpiry, Integer usersLicensePurchased, Integer portalUsersLicensePurchased,
		List<String> sanitised) {

	/**
	 * The edition on trial while the trial runs, else null. An organisation on trial
	 * reports {@code paid: false}, {@code paid_type: "free"} and the edition it tries as
	 * {@code trial_type}, until {@code trial_expiry} (Zoho CRM OAS v8.0, {@code org.json}
	 * example; Deluge, "Get org info").
	 */
	public String trialInForce(Instant now) {
		return (this.trialType != null && (this.trialExpiry == null || this.trialExpiry.toInstant().isAfter(now)))
				? this.trialType : null;
	}

	/**
	 * The edition paid for, and the one on trial when a trial runs: "free (trial:
	 * enterprise)".
	 */
	public String editions(Instant now) {
		String paidFor = (this.paidType != null) ? this.paidType : "edition unknown";
		String trial = trialInForce(now);
		return (trial != null) ? paidFor + " (trial: " + trial + ")" : paidFor;
	}

}
