package io.github.zohousersbatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WireMock server per test JVM, standing in for Zoho's accounts server and CRM API at once (the token
 * responses name it as {@code api_domain}). Responses come from the fixtures in {@code src/test/resources/zoho}.
 */
public final class ZohoWireMock {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static WireMockServer server;

	private ZohoWireMock() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
		}
		return server;
	}

	public static String baseUrl() {
		return server().baseUrl();
	}

	/** A fixture with {@code {{API_DOMAIN}}} replaced by this server's URL. */
	public static String fixture(String name) {
		try (InputStream in = ZohoWireMock.class.getResourceAsStream("/zoho/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture zoho/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{API_DOMAIN}}", baseUrl());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Zoho's answer to {@code GET /crm/v8/users/actions/count?type=AllUsers}: {@code {"count": N}}. */
	public static void stubUsersCount(long count) {
		server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/crm/v8/users/actions/count"))
			.withQueryParam("type", WireMock.equalTo("AllUsers"))
			.willReturn(WireMock.okJson("{\"count\":" + count + "}")));
	}

	/** How many user records the fixtures {@code prefix1.json} to {@code prefixN.json} hold. */
	public static int usersIn(String prefix, int pages) {
		int users = 0;
		for (int page = 1; page <= pages; page++) {
			users += JSON.readTree(fixture(prefix + page + ".json")).path("users").size();
		}
		return users;
	}

	/** HTTP 200 with a JSON fixture, as Zoho sends every token endpoint answer, errors included. */
	public static ResponseDefinitionBuilder json(String fixture) {
		return json(200, fixture);
	}

	public static ResponseDefinitionBuilder json(int status, String fixture) {
		return WireMock.aResponse()
			.withStatus(status)
			.withHeader("Content-Type", "application/json;charset=UTF-8")
			.withBody(fixture(fixture));
	}

}
