package io.github.zohousersbatch.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The sandbox's CRM API, as Zoho answers it: {@code GET /crm/v8/users} (pages of
 * {@code per_page} users with {@code info.more_records}, 204 after the last, the current
 * user), {@code GET /crm/v8/users/actions/count}, {@code GET /crm/v8/org} and
 * {@code GET /crm/v8/__features/user_licenses}, each refusing a missing or unknown access
 * token with 401 {@code INVALID_TOKEN}, and all of them answering 429
 * {@code TOO_MANY_REQUESTS} above a concurrency limit when one is set
 * ({@link SandboxConcurrency}).
 */
final class SandboxCrmApi {

	private final SandboxUsers users;

	private final SandboxAccounts accounts;

	private final Duration latency;

	private final AtomicInteger usersRequests = new AtomicInteger();

	private final AtomicLong firstRequestNanos = new AtomicLong();

	private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

	private final SandboxConcurrency concurrency = new SandboxConcurrency();

	private final SandboxControls controls = new SandboxControls();

	SandboxCrmApi(SandboxUsers users, SandboxAccounts accounts, Duration latency) {
		this.users = users;
		this.accounts = accounts;
		this.latency = latency;
	}

	void register(HttpServer server) {
		server.createContext("/crm/v8/users", limited(this::users));
		server.createContext("/crm/v8/users/actions/count", limited(this::count));
		server.createContext("/crm/v8/org", limited(this::org));
		server.createContext("/crm/v8/__features/user_licenses", limited(this::userLicences));
	}

	SandboxConcurrency concurrency() {
		return this.concurrency;
	}

	SandboxControls controls() {
		return this.controls;
	}

	// every call takes the latency, counted as served meanwhile (the count drops before
	// the answer leaves, so a client that waits for it never overlaps); over the
	// concurrency limit the answer is 429 TOO_MANY_REQUESTS
	private HttpHandler limited(HttpHandler handler) {
		return exchange -> {
			this.firstRequestNanos.compareAndSet(0, System.nanoTime());
			boolean served = this.concurrency.arrived();
			try {
				SandboxHttp.pause(this.latency);
			}
			finally {
				this.concurrency.left(served);
			}
			if (served) {
				handler.handle(exchange);
				return;
			}
			try (exchange) {
				SandboxHttp.send(exchange, 429, error("TOO_MANY_REQUESTS",
						"The concurrency limit of the app for the organisation is exceeded"));
			}
		};
	}

	int usersRequests() {
		return this.usersRequests.get();
	}

	long firstRequestNanos() {
		return this.firstRequestNanos.get();
	}

	/**
	 * Renders every page of {@code perPage} users ahead of time (see
	 * {@link ZohoSandbox#renderPages}).
	 */
	void renderPages(int perPage) {
		for (int page = 1; (page - 1) * perPage < this.users.count(); page++) {
			int current = page;
			this.pages.computeIfAbsent(page + "/" + perPage, key -> page(current, perPage));
		}
	}

	private void org(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (admitted(exchange)) {
				SandboxHttp.send(exchange, 200, SandboxOrg.body(this.users, this.controls.trialEdition()));
			}
		}
	}

	private void userLicences(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!admitted(exchange)) {
				return;
			}
			if (this.controls.userLicencesFeature()) {
				SandboxHttp.send(exchange, 200, SandboxOrg.userLicences(this.users));
			}
			else {
				// "Feature not available for the current edition" (Zoho CRM OAS v8.0,
				// features.json): no body
				exchange.sendResponseHeaders(204, -1);
			}
		}
	}

	// {"count": N} for the type asked
	private void count(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!admitted(exchange)) {
				return;
			}
			String type = SandboxHttp.form(exchange.getRequestURI().getRawQuery()).getOrDefault("type", "AllUsers");
			long count = switch (type) {
				case "ActiveUsers" -> this.users.activeCount();
				case "CurrentUser" -> 1;
				default -> this.users.count();
			};
			SandboxHttp.send(exchange, 200, Map.of("count", count));
		}
	}

	private void users(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.usersRequests.incrementAndGet();
			if (!admitted(exchange)) {
				return;
			}
			Map<String, String> query = SandboxHttp.form(exchange.getRequestURI().getRawQuery());
			int page = Integer.parseInt(query.getOrDefault("page", "1"));
			int perPage = Integer.parseInt(query.getOrDefault("per_page", "200"));
			if (page < 1 || perPage < 1 || perPage > 200) {
				SandboxHttp.send(exchange, 400, error("INVALID_DATA", "invalid data"));
				return;
			}
			if ("CurrentUser".equals(query.get("type"))) {
				SandboxHttp.send(exchange, 200, usersBody(List.of(this.users.user(0)), 1, 1, false));
				return;
			}
			if ((page - 1) * perPage >= this.users.count()) {
				exchange.sendResponseHeaders(204, -1);
				return;
			}
			this.controls.sendPage(exchange,
					this.pages.computeIfAbsent(page + "/" + perPage, key -> page(page, perPage)));
		}
	}

	// false (and the 401 sent) without a valid access token
	private boolean admitted(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String token = (authorization != null && authorization.startsWith("Zoho-oauthtoken "))
				? authorization.substring("Zoho-oauthtoken ".length()) : null;
		if (this.accounts.isValidAccessToken(token)) {
			return true;
		}
		SandboxHttp.send(exchange, 401, error("INVALID_TOKEN", "invalid oauth token"));
		return false;
	}

	private byte[] page(int page, int perPage) {
		int from = (page - 1) * perPage;
		int to = Math.min(from + perPage, this.users.count());
		List<Map<String, Object>> slice = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			slice.add(this.users.user(i));
		}
		return SandboxHttp.json(usersBody(slice, page, perPage, to < this.users.count()));
	}

	private static Map<String, Object> usersBody(List<Map<String, Object>> users, int page, int perPage, boolean more) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("per_page", perPage);
		info.put("count", users.size());
		info.put("page", page);
		info.put("more_records", more);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("users", users);
		body.put("info", info);
		return body;
	}

	private static Map<String, Object> error(String code, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("details", Map.of());
		body.put("message", message);
		body.put("status", "error");
		return body;
	}

}
