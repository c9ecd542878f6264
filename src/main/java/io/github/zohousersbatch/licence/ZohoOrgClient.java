package io.github.zohousersbatch.licence;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.db.ColumnText;
import io.github.zohousersbatch.http.TransientHttpException;
import io.github.zohousersbatch.http.ZohoApi;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the organisation and its licence details: {@code GET {api_domain}/crm/v8/org}
 * (scope {@code ZohoCRM.org.READ}), answered as {@code {"org": [{..., "license_details":
 * {...}}]}}, and Zoho's user licence counts: {@code GET
 * {api_domain}/crm/v8/__features/user_licenses} (scope {@code ZohoCRM.features.READ}),
 * answered as {@code {"__features": [{"api_name": "user_licenses", "details": {"limits":
 * {"total": 10}, "used_count": {"total": 7}, "available_count": {"total": 3}}}]}}, or 204
 * without a body on an edition without the feature (Zoho CRM OAS v8.0,
 * {@code features.json}: "Feature not available for the current edition").
 */
@Component
class ZohoOrgClient {

	static final String SCOPE = "ZohoCRM.org.READ";

	static final String FEATURES_SCOPE = "ZohoCRM.features.READ";

	private static final String WHAT = "Organisation request";

	private static final String LICENCES = "User licences request";

	private final ZohoApi api;

	private final JsonMapper json;

	ZohoOrgClient(ZohoApi api, JsonMapper json) {
		this.api = api;
		this.json = json;
	}

	OrgLicence fetch(ApiAccess access) {
		ZohoApi.Answer answer = this.api.get(access.apiDomain() + "/crm/v8/org", access.authorizationHeader(), WHAT);
		if (answer.status() != 200) {
			throw this.api.failure(answer, WHAT, SCOPE);
		}
		JsonNode org;
		try {
			org = this.json.readTree(answer.body()).path("org").path(0);
		}
		catch (JacksonException ex) {
			throw new TransientHttpException(WHAT + ": HTTP 200 with a body that is not JSON");
		}
		if (!org.isObject() || org.path("id").asString("").isEmpty()) {
			throw new ZohoBatchException(FailureReason.FAILED, WHAT + ": Zoho answered without an organisation");
		}
		JsonNode licence = org.path("license_details");
		// made to fit zoho_org_licence: odd licence data is stored as well as it fits,
		// never a failure
		ColumnText fit = new ColumnText();
		return new OrgLicence(fit.fit("id", text(org, "id"), 32),
				fit.fit("company_name", text(org, "company_name"), 255),
				fit.fit("domain_name", text(org, "domain_name"), 255), fit.fit("type", text(org, "type"), 32),
				fit.fit("country_code", text(org, "country_code"), 8),
				fit.fit("time_zone", text(org, "time_zone"), 150),
				licence.path("paid").isBoolean() ? licence.path("paid").asBoolean() : null,
				fit.fit("paid_type", text(licence, "paid_type"), 64),
				fit.time("paid_expiry", text(licence, "paid_expiry")),
				fit.fit("trial_type", text(licence, "trial_type"), 64),
				fit.time("trial_expiry", text(licence, "trial_expiry")), number(licence, "users_license_purchased"),
				number(licence, "portal_users_license_purchased"), fit.changes());
	}

	UserLicences userLicences(ApiAccess access) {
		ZohoApi.Answer answer = this.api.get(access.apiDomain() + "/crm/v8/__features/user_licenses",
				access.authorizationHeader(), LICENCES);
		if (answer.status() == 204) {
			return UserLicences.notInEdition();
		}
		if (answer.status() != 200) {
			throw this.api.failure(answer, LICENCES, FEATURES_SCOPE);
		}
		JsonNode features;
		try {
			features = this.json.readTree(answer.body()).path("__features");
		}
		catch (JacksonException ex) {
			throw new TransientHttpException(LICENCES + ": HTTP 200 with a body that is not JSON");
		}
		for (JsonNode feature : features) {
			if ("user_licenses".equals(feature.path("api_name").asString(""))) {
				JsonNode details = feature.path("details");
				return new UserLicences(total(details, "limits"), total(details, "used_count"),
						total(details, "available_count"), true);
			}
		}
		throw new ZohoBatchException(FailureReason.FAILED,
				LICENCES + ": Zoho answered without the user_licenses feature (an edition without it?)");
	}

	private static Integer total(JsonNode details, String count) {
		return number(details.path(count), "total");
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isValueNode() && !value.isNull()) ? value.asString() : null;
	}

	private static Integer number(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.canConvertToInt() ? value.asInt() : null;
	}

}
