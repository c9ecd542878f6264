package io.github.zohousersbatch.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Zoho look-alike on the loopback interface for the demo and the benchmark: the
 * accounts server's consent page ({@link SandboxConsent}), token and revoke endpoints,
 * and the CRM users, users count and organisation endpoints ({@link SandboxCrmApi}), in
 * Zoho's exact wire format. It is not a test double of our client: it knows nothing of
 * this job.
 */
public final class ZohoSandbox implements AutoCloseable {

	/** The scopes the sandbox grants. */
	public static final String SCOPE = "ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.features.READ";

	private final SandboxUsers users;

	private final SandboxAccounts accounts;

	private final Duration latency;

	private final HttpServer server;

	private final ExecutorService executor;

	private final SandboxCrmApi crm;

	private final SandboxConsent consent;

	private ZohoSandbox(SandboxUsers users, Duration latency, int port) throws IOException {
		this.users = users;
		this.latency = latency;
		this.accounts = new SandboxAccounts(Clock.systemUTC(), SCOPE);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
		this.executor = Executors.newFixedThreadPool(64, runnable -> {
			Thread thread = new Thread(runnable, "zoho-sandbox");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.consent = new SandboxConsent(this.accounts);
		this.server.createContext("/oauth/v2/auth", this::authorize);
		this.server.createContext(SandboxConsent.DECISION_PATH, this::decide);
		this.server.createContext("/oauth/v2/token", this::token);
		this.server.createContext("/oauth/v2/token/revoke", this::revoke);
		this.crm = new SandboxCrmApi(users, this.accounts, latency);
		this.crm.register(this.server);
		this.server.start();
	}

	/**
	 * A sandbox organisation of {@code userCount} users, answering after {@code latency},
	 * on a free port.
	 */
	public static ZohoSandbox start(int userCount, Duration latency) {
		try {
			return new ZohoSandbox(new SandboxUsers(userCount), latency, 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the Zoho sandbox: " + ex.getMessage(), ex);
		}
	}

	/** Base URL, serving as accounts server and API domain alike. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String clientId() {
		return SandboxAccounts.CLIENT_ID;
	}

	public String clientSecret() {
		return SandboxAccounts.CLIENT_SECRET;
	}

	/** A fresh single-use grant code, as a Self Client would show it. */
	public String issueGrantCode() {
		return this.accounts.issueGrantCode();
	}

	public SandboxUsers users() {
		return this.users;
	}

	/** Requests the users endpoint served so far (not those it throttled). */
	public int usersRequests() {
		return this.crm.usersRequests();
	}

	/**
	 * From now on, serves at most {@code limit} CRM API calls at once, as Zoho does for
	 * an edition (Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25), and
	 * answers 429 {@code TOO_MANY_REQUESTS} above it; 0 for no limit. The organisation
	 * still says it is on Enterprise: a lower limit stands for other integrations of the
	 * same organisation using the rest.
	 */
	public ZohoSandbox limitConcurrency(int limit) {
		this.crm.concurrency().limit(limit);
		return this;
	}

	/**
	 * What the organisation is and how the network behaves beyond the happy path: a
	 * trial, an edition without a feature, connections dropped mid-body.
	 */
	public SandboxControls controls() {
		return this.crm.controls();
	}

	/**
	 * The most CRM API calls present at once, served or being answered 429: a client that
	 * respects a limit of L shows L + 1 at most (the one call that finds out).
	 */
	public int peakConcurrency() {
		return this.crm.concurrency().peak();
	}

	/** CRM API calls answered 429 {@code TOO_MANY_REQUESTS}. */
	public int throttledRequests() {
		return this.crm.concurrency().throttled();
	}

	/** The most CRM API calls served at once, in each interval since the first call. */
	public List<Integer> concurrencyOverTime(Duration interval) {
		return this.crm.concurrency().servedOverTime(interval.toMillis());
	}

	/**
	 * {@link System#nanoTime()} of the first CRM API request received (users or org), or
	 * 0.
	 */
	public long firstApiRequestNanos() {
		return this.crm.firstRequestNanos();
	}

	/** Requests made to the token endpoint so far. */
	public int tokenRequests() {
		return this.accounts.tokenRequests();
	}

	/**
	 * Renders every page of {@code perPage} users ahead of time, so that serving them
	 * costs this machine no CPU while a benchmark measures the job (the real Zoho renders
	 * on its own machines).
	 */
	public void renderPages(int perPage) {
		this.crm.renderPages(perPage);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void token(HttpExchange exchange) throws IOException {
		try (exchange) {
			SandboxHttp.pause(this.latency);
			if (!"POST".equals(exchange.getRequestMethod())) {
				SandboxHttp.send(exchange, 405, Map.of("error", "invalid_request_method"));
				return;
			}
			Map<String, String> form = SandboxHttp.form(SandboxHttp.body(exchange));
			SandboxHttp.send(exchange, 200, this.accounts.token(form, baseUrl()));
		}
	}

	// Zoho's consent page: the client and the scopes asked, Accept and Reject (Zoho
	// Accounts, "Get authorization code")
	private void authorize(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> query = SandboxHttp.form(exchange.getRequestURI().getRawQuery());
			String redirectUri = query.get("redirect_uri");
			if (!this.accounts.isValidClientId(query.get("client_id")) || !"code".equals(query.get("response_type"))
					|| redirectUri == null || redirectUri.isBlank()) {
				SandboxHttp.send(exchange, 400, Map.of("error", "invalid_request", "error_description",
						"client_id, response_type=code and redirect_uri are required"));
				return;
			}
			SandboxHttp.sendHtml(exchange, 200, this.consent.page(query.get("client_id"), query.get("scope"),
					redirectUri, query.get("state"), "offline".equals(query.get("access_type"))));
		}
	}

	// the user's click: redirect as Zoho documents it, with code, location and
	// accounts-server, or error=access_denied, and the state
	private void decide(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				SandboxHttp.sendHtml(exchange, 405, "<!DOCTYPE html><p>The consent page posts its answer.</p>");
				return;
			}
			Map<String, String> form = SandboxHttp.form(SandboxHttp.body(exchange));
			String location = this.consent.decide(form.get("consent"), form.get("decision"), baseUrl());
			if (location == null) {
				SandboxHttp.sendHtml(exchange, 400, "<!DOCTYPE html><p>This consent page is unknown or was already "
						+ "answered. Start the authorization again.</p>");
				return;
			}
			exchange.getResponseHeaders().set("Location", location);
			exchange.sendResponseHeaders(302, -1);
		}
	}

	private void revoke(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				SandboxHttp.send(exchange, 405, Map.of("error", "invalid_request_method"));
				return;
			}
			Map<String, String> form = SandboxHttp.form(exchange.getRequestURI().getRawQuery());
			form.putAll(SandboxHttp.form(SandboxHttp.body(exchange)));
			if (this.accounts.revoke(form.get("token"))) {
				SandboxHttp.send(exchange, 200, Map.of("status", "success"));
			}
			else {
				SandboxHttp.send(exchange, 400, Map.of("status", "failure", "error", "invalid_token"));
			}
		}
	}

}
