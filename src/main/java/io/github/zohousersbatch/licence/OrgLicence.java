package io.github.zohousersbatch.licence;

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
}
