package io.github.zohousersbatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WireMock server per test JVM, standing in for Zoho's accounts server and CRM API at
 * once (the token responses name it as {@code api_domain}). Responses come from the
 * fixtures in {@code src/test/resources/zoho}. Stubs with the {@link Gate} transformer
 * hold their answers until a test lets them go, to order races.
 */
public final class ZohoWireMock {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Gate GATE = new Gate();

	private static WireMockServer server;

	private ZohoWireMock() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(WireMockConfiguration.options()
				.dynamicPort()
				.bindAddress("127.0.0.1")
				.extensions(new Hook(), GATE));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
		}
		return server;
	}

	/**
	 * Runs {@code action} whenever a stub that names the transformer {@value Hook#NAME}
	 * is matched, before WireMock answers: the job waits for that answer, so a test can
	 * change the world at that exact point (kill a session, take a lock) without timing
	 * anything. {@link ZohoBatchTest} clears it before each test.
	 */
	public static void whenAnswering(Runnable action) {
		Hook.action = action;
	}

	/** The gate of stubs answered {@code .withTransformers(Gate.NAME)}. */
	public static Gate gate() {
		return GATE;
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

	/**
	 * Zoho's answer to {@code GET /crm/v8/users/actions/count?type=AllUsers}:
	 * {@code {"count": N}}.
	 */
	public static void stubUsersCount(long count) {
		server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/crm/v8/users/actions/count"))
			.withQueryParam("type", WireMock.equalTo("AllUsers"))
			.willReturn(WireMock.okJson("{\"count\":" + count + "}")));
	}

	/**
	 * How many user records the fixtures {@code prefix1.json} to {@code prefixN.json}
	 * hold.
	 */
	public static int usersIn(String prefix, int pages) {
		int users = 0;
		for (int page = 1; page <= pages; page++) {
			users += JSON.readTree(fixture(prefix + page + ".json")).path("users").size();
		}
		return users;
	}

	/**
	 * HTTP 200 with a JSON fixture, as Zoho sends every token endpoint answer, errors
	 * included.
	 */
	public static ResponseDefinitionBuilder json(String fixture) {
		return json(200, fixture);
	}

	public static ResponseDefinitionBuilder json(int status, String fixture) {
		return WireMock.aResponse()
			.withStatus(status)
			.withHeader("Content-Type", "application/json;charset=UTF-8")
			.withBody(fixture(fixture));
	}

	/** The extension behind {@link #whenAnswering(Runnable)}. */
	static final class Hook implements ResponseDefinitionTransformerV2 {

		static final String NAME = "test-hook";

		static volatile Runnable action = () -> {
		};

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			action.run();
			return serveEvent.getResponseDefinition();
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

	/**
	 * Holds the answers of the stubs that use it while it is closed, so that a test can
	 * do something between a request and its answer (a new authorization while a refresh
	 * is under way), without sleeping.
	 */
	public static final class Gate implements ResponseDefinitionTransformerV2 {

		public static final String NAME = "gate";

		private final AtomicInteger waiting = new AtomicInteger();

		private volatile CountDownLatch latch = new CountDownLatch(0);

		/** From now on, answers wait until {@link #open()}. */
		public void close() {
			this.latch = new CountDownLatch(1);
		}

		/** Lets every held answer, and every later one, go. */
		public void open() {
			this.latch.countDown();
		}

		/** Requests whose answers are held right now. */
		public int waiting() {
			return this.waiting.get();
		}

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			this.waiting.incrementAndGet();
			try {
				if (!this.latch.await(1, TimeUnit.MINUTES)) {
					throw new IllegalStateException("The gate stayed closed for a minute");
				}
				return serveEvent.getResponseDefinition();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

}
