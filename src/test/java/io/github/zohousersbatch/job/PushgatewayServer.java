package io.github.zohousersbatch.job;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A Prometheus Pushgateway stand-in: a real HTTP endpoint (WireMock) that accepts what
 * the Pushgateway accepts on {@code /metrics/job/...} and records every request, so that
 * tests read what a run pushed, with which method and grouping key.
 */
public final class PushgatewayServer {

	private static WireMockServer server;

	private PushgatewayServer() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "pushgateway-stop"));
		}
		return server;
	}

	/** Points the application at it, in the text format that tests can read. */
	public static void configure(DynamicPropertyRegistry registry) {
		String prefix = "management.prometheus.metrics.export.pushgateway.";
		registry.add(prefix + "enabled", () -> "true");
		registry.add(prefix + "address", () -> "127.0.0.1:" + server().port());
		registry.add(prefix + "format", () -> "text");
		// one push at the start and one at the end; none in between
		registry.add(prefix + "push-rate", () -> "1h");
	}

	/** Forgets what was pushed and accepts pushes again. */
	public static void reset() {
		server().resetAll();
		server().stubFor(any(urlPathMatching("/metrics/job/.*")).willReturn(aResponse().withStatus(200)));
	}

	public static List<LoggedRequest> requests() {
		return server().findAll(anyRequestedFor(urlPathMatching("/.*")));
	}

}
