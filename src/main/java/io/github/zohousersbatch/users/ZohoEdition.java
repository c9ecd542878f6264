package io.github.zohousersbatch.users;

import java.util.Locale;

/**
 * Zoho CRM editions and how many API calls each allows in flight at once per app and
 * organisation (Zoho CRM, "API Limits"; Kaizen #203). Zoho answers 429
 * {@code TOO_MANY_REQUESTS} above it.
 */
public enum ZohoEdition {

	FREE(5), STANDARD(10), PROFESSIONAL(15), ENTERPRISE(20), ULTIMATE(25);

	private final int concurrency;

	ZohoEdition(int concurrency) {
		this.concurrency = concurrency;
	}

	public int concurrency() {
		return this.concurrency;
	}

	/**
	 * The edition {@code license_details.paid_type} names ({@code enterprise},
	 * {@code zohoone}, {@code crmplus}, ...), or null when it names none of them.
	 */
	public static ZohoEdition of(String paidType) {
		if (paidType == null) {
			return null;
		}
		String name = paidType.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
		if (name.contains("ultimate") || name.contains("crmplus")) {
			return ULTIMATE;
		}
		if (name.contains("enterprise") || name.contains("zohoone")) {
			return ENTERPRISE;
		}
		if (name.contains("professional")) {
			return PROFESSIONAL;
		}
		if (name.contains("standard") || name.contains("starter")) {
			return STANDARD;
		}
		return name.contains("free") ? FREE : null;
	}

}
