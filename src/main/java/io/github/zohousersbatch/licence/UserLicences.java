package io.github.zohousersbatch.licence;

/**
 * Zoho's own count of the organisation's user licences
 * ({@code GET /crm/v8/__features/user_licenses}); a count Zoho did not send is null.
 *
 * @param purchased {@code limits.total}
 * @param used {@code used_count.total}
 * @param available {@code available_count.total}
 * @param inEdition false when Zoho answered that the edition has no such feature
 */
record UserLicences(Integer purchased, Integer used, Integer available, boolean inEdition) {

	/**
	 * Zoho's 204 No Content: "Feature not available for the current edition" (Zoho CRM
	 * OAS v8.0, {@code features.json}, Get Feature Details); a fact, not a failure.
	 */
	static UserLicences notInEdition() {
		return new UserLicences(null, null, null, false);
	}

}
