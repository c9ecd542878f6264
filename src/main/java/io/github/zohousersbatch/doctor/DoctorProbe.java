package io.github.zohousersbatch.doctor;

import java.util.Optional;

import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import io.github.zohousersbatch.http.ZohoApi;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CRM API calls of one {@code doctor} run, each costing one credit, refused once the
 * credit limit is reached: a check then reports itself skipped rather than spending more
 * of the organisation's credits, which its other integrations share. Calls are made once,
 * not retried: a diagnosis reports what Zoho answered.
 */
final class DoctorProbe {

	private final ZohoApi api;

	private final JsonMapper json;

	private final ApiAccess access;

	private final int limit;

	private int used;

	DoctorProbe(ZohoApi api, JsonMapper json, ApiAccess access, int limit) {
		this.api = api;
		this.json = json;
		this.access = access;
		this.limit = limit;
	}

	/**
	 * The answer to {@code GET {api_domain}{path}}, or empty when the credit limit is
	 * reached.
	 */
	Optional<ZohoApi.Answer> get(String path, String what) {
		if (!canAfford(1)) {
			return Optional.empty();
		}
		this.used++;
		return Optional.of(this.api.get(this.access.apiDomain() + path, this.access.authorizationHeader(), what));
	}

	boolean canAfford(int credits) {
		return this.used + credits <= this.limit;
	}

	/** The body as JSON; a missing node when it is none. */
	JsonNode json(ZohoApi.Answer answer) {
		try {
			return this.json.readTree(answer.body().isEmpty() ? "{}" : answer.body());
		}
		catch (JacksonException ex) {
			return this.json.missingNode();
		}
	}

	/** Zoho's error code in an error answer, or the HTTP status when there is none. */
	String error(ZohoApi.Answer answer) {
		String code = json(answer).path("code").asString("");
		return "HTTP " + answer.status() + (code.isEmpty() ? "" : " " + code);
	}

	int used() {
		return this.used;
	}

	int limit() {
		return this.limit;
	}

	String apiDomain() {
		return this.access.apiDomain();
	}

}
