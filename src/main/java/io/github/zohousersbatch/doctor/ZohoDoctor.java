package io.github.zohousersbatch.doctor;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.auth.TokenStore;
import io.github.zohousersbatch.auth.ZohoEnvironment;
import io.github.zohousersbatch.doctor.DoctorReport.Check;
import io.github.zohousersbatch.doctor.DoctorReport.Result;
import io.github.zohousersbatch.http.ZohoApi;
import io.github.zohousersbatch.users.JobProperties;
import io.github.zohousersbatch.users.ZohoEdition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Checks, read-only, the assumptions this job makes about a connection's organisation, in
 * the order that spends the fewest credits first: the scopes granted and the data centre
 * (no credit), the edition and its concurrency limit ({@code GET /crm/v8/org}), the user
 * licence feature ({@code GET /crm/v8/__features/user_licenses}), Zoho's count of users
 * per type, paging past 2,000 users where there are more, and last the listing of each
 * type against its count while the credit limit allows. Obtaining the access token fails
 * as a run would (exit 3 or 4); everything after is reported, not thrown.
 */
@Service
public class ZohoDoctor {

	private final Connections connections;

	private final AccessTokens accessTokens;

	private final TokenStore store;

	private final ZohoApi api;

	private final JsonMapper json;

	private final JobProperties job;

	ZohoDoctor(Connections connections, AccessTokens accessTokens, TokenStore store, ZohoApi api, JsonMapper json,
			JobProperties job) {
		this.connections = connections;
		this.accessTokens = accessTokens;
		this.store = store;
		this.api = api;
		this.json = json;
		this.job = job;
	}

	/** Diagnoses the connection, spending at most {@code maxCredits} API credits. */
	public DoctorReport diagnose(String connection, int maxCredits) {
		this.connections.settings(connection);
		DoctorProbe probe = new DoctorProbe(this.api, this.json, this.accessTokens.current(connection), maxCredits);
		// present: current() refuses connections without stored tokens
		ConnectionToken token = this.store.find(connection).orElseThrow();
		List<Check> checks = new ArrayList<>();
		checks.add(scopes(token.scope()));
		checks.add(dataCentre(token, probe.apiDomain()));
		JsonNode licence = organisation(probe, checks);
		checks.add(userLicences(probe));
		UserListingCheck listing = new UserListingCheck(probe);
		listing.count();
		checks.add(listing.pagingPast2000());
		checks.addAll(listing.listings());
		checks.add(concurrency(licence));
		checks.add(Check.ok("credits",
				probe.used() + " API credits used by these checks, at most " + probe.limit() + " (--max-credits)"));
		return DoctorReport.of(connection, checks, probe.used(), probe.limit());
	}

	private static Check scopes(String granted) {
		if (granted == null) {
			return Check.skipped("scopes",
					"Zoho did not report the scopes granted; the checks below show what the " + "token may do");
		}
		List<String> missing = new ArrayList<>();
		for (String needed : ZohoProperties.Connection.DEFAULT_SCOPE.split(",")) {
			if (!grants(granted, needed)) {
				missing.add(needed);
			}
		}
		String detail = "granted: " + granted;
		if (missing.isEmpty()) {
			return Check.ok("scopes", detail);
		}
		String remedy = "authorize the connection again (zoho-users-batch authorize) with scope "
				+ ZohoProperties.Connection.DEFAULT_SCOPE;
		return new Check("scopes", missing.contains("ZohoCRM.users.READ") ? Result.FAIL : Result.WARN,
				detail + "; missing: " + String.join(", ", missing), remedy);
	}

	// ZohoCRM.users.READ is also granted by ZohoCRM.users.ALL
	private static boolean grants(String granted, String needed) {
		String all = needed.substring(0, needed.lastIndexOf('.')) + ".ALL";
		for (String scope : granted.split("[,\\s]+")) {
			if (scope.equalsIgnoreCase(needed) || scope.equalsIgnoreCase(all)) {
				return true;
			}
		}
		return false;
	}

	// the environment the token belongs to, by its API domain (ZohoEnvironment)
	private static Check dataCentre(ConnectionToken token, String apiDomain) {
		String environment = ZohoEnvironment.ofApiDomain(apiDomain)
			.map(known -> known.label() + " environment")
			.orElse("environment unknown: not the API domain of a data centre this release knows");
		return Check.ok("data centre", token.dataCenter() + ": accounts server " + token.accountsServer()
				+ ", API domain " + apiDomain + " (" + environment + ")");
	}

	// the edition check, and license_details for the concurrency check (missing when
	// unknown)
	private JsonNode organisation(DoctorProbe probe, List<Check> checks) {
		Optional<ZohoApi.Answer> answer = probe.get("/crm/v8/org", "Organisation request");
		if (answer.isEmpty() || answer.get().status() != 200) {
			String error = answer.map(probe::error).orElse("not asked: credit limit reached");
			checks.add(new Check("edition", Result.WARN, "GET /crm/v8/org: " + error,
					"runs count the edition as Free (5 concurrent calls); grant the scope ZohoCRM.org.READ"));
			return this.json.missingNode();
		}
		JsonNode org = probe.json(answer.get()).path("org").path(0);
		JsonNode licence = org.path("license_details");
		String paidType = licence.path("paid_type").asString(null);
		String trialType = licence.path("trial_type").asString(null);
		boolean paid = licence.path("paid").asBoolean(false);
		String detail = org.path("company_name").asString("?") + " (org " + org.path("id").asString("?") + "): "
				+ (paid ? "paid edition " + paidType : "not paid: paid_type " + paidType + ((trialType != null)
						? ", trial of " + trialType + " until " + licence.path("trial_expiry").asString("?") : ""));
		checks.add(Check.ok("edition", detail));
		return licence;
	}

	private static Check userLicences(DoctorProbe probe) {
		Optional<ZohoApi.Answer> answer = probe.get("/crm/v8/__features/user_licenses", "User licences request");
		if (answer.isEmpty()) {
			return Check.skipped("user licences", "not asked: credit limit reached");
		}
		int status = answer.get().status();
		if (status == 204) {
			return Check.ok("user licences", "HTTP 204: the feature is not available in this edition");
		}
		if (status != 200) {
			return new Check("user licences", Result.WARN,
					"GET /crm/v8/__features/user_licenses answered " + probe.error(answer.get()),
					"licences cannot show Zoho's counts; grant the scope ZohoCRM.features.READ");
		}
		JsonNode details = probe.json(answer.get()).path("__features").path(0).path("details");
		return Check.ok("user licences",
				"purchased " + details.path("limits").path("total").asString("?") + ", used "
						+ details.path("used_count").path("total").asString("?") + ", available "
						+ details.path("available_count").path("total").asString("?"));
	}

	// as runs count it (ConcurrencyCeiling): the edition on trial while the trial runs,
	// else the one paid for
	private Check concurrency(JsonNode licence) {
		String paidType = licence.path("paid_type").asString(null);
		String trialType = trialInForce(licence);
		ZohoEdition edition = (ZohoEdition.of(trialType) != null) ? ZohoEdition.of(trialType)
				: ZohoEdition.of(paidType);
		String named = (ZohoEdition.of(trialType) != null) ? trialType + " (trial)" : paidType;
		ZohoEdition counted = (edition != null) ? edition : ZohoEdition.FREE;
		int pages = (this.job.prefetch() != null) ? this.job.prefetch()
				: Math.max(1, counted.concurrency() - this.job.concurrencyMargin());
		String detail = String.format(Locale.ROOT,
				"%d concurrent calls for edition %s; runs keep up to %d users pages in flight (%s)",
				counted.concurrency(), (edition != null) ? named : "unknown, counted as free", pages,
				(this.job.prefetch() != null) ? "zoho.job.prefetch"
						: "zoho.job.concurrency-margin=" + this.job.concurrencyMargin());
		return new Check("concurrency limit", (edition != null) ? Result.OK : Result.WARN, detail, null);
	}

	private static String trialInForce(JsonNode licence) {
		String trialType = licence.path("trial_type").asString(null);
		String expiry = licence.path("trial_expiry").asString(null);
		try {
			return (expiry == null || OffsetDateTime.parse(expiry).isAfter(OffsetDateTime.now())) ? trialType : null;
		}
		catch (DateTimeParseException ex) {
			return trialType;
		}
	}

}
