package io.github.zohousersbatch.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox organisation as {@code GET /crm/v8/org} answers it (shape of Zoho's v8
 * example response): an enterprise edition with some licences to spare; and its user
 * licences as {@code GET /crm/v8/__features/user_licenses} counts them, consistent with
 * the users: used are the active Regular Users.
 */
final class SandboxOrg {

	private SandboxOrg() {
	}

	static int purchased(SandboxUsers users) {
		return (int) (users.licensedCount() * 1.1) + 5;
	}

	static Map<String, Object> userLicences(SandboxUsers users) {
		int used = (int) users.licensedCount();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("available_count", Map.of("total", purchased(users) - used));
		details.put("used_count", Map.of("total", used));
		details.put("limits", Map.of("total", purchased(users)));
		Map<String, Object> feature = new LinkedHashMap<>();
		feature.put("components", null);
		feature.put("api_name", "user_licenses");
		feature.put("parent_feature", null);
		feature.put("module_supported", false);
		feature.put("feature_label", "UserLicenses");
		feature.put("details", details);
		return Map.of("__features", List.of(feature));
	}

	/**
	 * The organisation, paid for on Enterprise, or on a trial of {@code trialEdition}: an
	 * organisation on trial reports {@code paid: false}, {@code paid_type: "free"}, the
	 * edition tried as {@code trial_type} and its end as {@code trial_expiry} (Zoho CRM
	 * OAS v8.0, org.json example; Deluge's "Get org info").
	 */
	static Map<String, Object> body(SandboxUsers users, String trialEdition) {
		boolean trial = trialEdition != null;
		Map<String, Object> licence = new LinkedHashMap<>();
		licence.put("paid_expiry", trial ? null : "2027-06-30T23:59:59+05:30");
		licence.put("users_license_purchased", purchased(users));
		licence.put("trial_type", trialEdition);
		licence.put("trial_expiry", trial ? "2099-01-15T23:59:59+05:30" : null);
		licence.put("paid", !trial);
		licence.put("paid_type", trial ? "free" : "enterprise");
		licence.put("portal_users_license_purchased", 0);
		licence.put("trial_action", null);
		Map<String, Object> org = new LinkedHashMap<>();
		org.put("country", "US");
		org.put("photo_id", null);
		org.put("city", "Austin");
		org.put("type", "production");
		org.put("created_time", "2019-08-20T11:21:16+05:30");
		org.put("mc_status", false);
		org.put("domain_name", "org694579958");
		org.put("alias", "zylker");
		org.put("currency", "US Dollar - USD");
		org.put("id", "4150868000000225001");
		org.put("employee_count", "500");
		org.put("currency_symbol", "$");
		org.put("primary_zuid", "694579958");
		org.put("time_zone", "America/Chicago");
		org.put("country_code", "US");
		org.put("license_details", licence);
		org.put("company_name", "Zylker Sandbox");
		org.put("primary_email", "admin@zylker.com");
		org.put("iso_code", "USD");
		org.put("max_per_page", 200);
		return Map.of("org", List.of(org));
	}

}
