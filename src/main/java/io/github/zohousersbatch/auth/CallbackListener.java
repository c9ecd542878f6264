package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * The loopback HTTP server that receives Zoho's redirect at the connection's redirect URI. Answers (requests to
 * the callback path carrying a code, a state or an error) go to the handler one at a time; the browser gets the
 * page of its reply, and then the reply's follow-up runs. Anything else (a favicon, a bare visit) gets a short
 * page and changes nothing.
 */
final class CallbackListener implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private CallbackListener(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	static CallbackListener start(String connectionName, RedirectEndpoint endpoint,
			Function<AuthorizationCallback, Reply> handler) {
		HttpServer server;
		try {
			server = HttpServer.create(endpoint.address(), 8);
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Cannot listen on " + endpoint.address()
					+ " for the redirect URI " + endpoint.redirectUri() + ": " + ex.getMessage() + ". Stop what uses "
					+ "the port, or register another loopback redirect URI at Zoho and set zoho.connections."
					+ connectionName + ".redirect-uri to it", ex);
		}
		ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
			Thread thread = new Thread(runnable, "zoho-authorization-callback");
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(executor);
		server.createContext("/", exchange -> serve(exchange, endpoint.path(), handler));
		server.start();
		return new CallbackListener(server, executor);
	}

	/** The port actually bound. */
	int port() {
		return this.server.getAddress().getPort();
	}

	private static void serve(HttpExchange exchange, String path, Function<AuthorizationCallback, Reply> handler)
			throws IOException {
		try (exchange) {
			if (!path.equals(exchange.getRequestURI().getRawPath())) {
				send(exchange, 404, Page.failure("Not found", "This address only receives Zoho's authorization."));
				return;
			}
			if (!"GET".equals(exchange.getRequestMethod())) {
				send(exchange, 405, Page.failure("Method not allowed", "Zoho's redirect is a GET request."));
				return;
			}
			AuthorizationCallback callback = AuthorizationCallback.parse(exchange.getRequestURI().getRawQuery());
			if (!callback.isAnswer()) {
				send(exchange, 400, Page.failure("Waiting for Zoho",
						"This address receives Zoho's redirect after you accept the consent page."));
				return;
			}
			Reply reply = handler.apply(callback);
			try {
				send(exchange, reply.page().success() ? 200 : 400, reply.page());
			}
			finally {
				// only now: the outcome ends the wait, and with it this server
				reply.then().run();
			}
		}
	}

	private static void send(HttpExchange exchange, int status, Page page) throws IOException {
		byte[] body = page.html().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		// the address bar holds the grant code: keep the page out of caches and referrers
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
		exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * The handler's reply to an answer.
	 *
	 * @param page what the browser shows
	 * @param then what to do once the page is sent
	 */
	record Reply(Page page, Runnable then) {
	}

	/**
	 * What the browser shows after the redirect. Texts are escaped; they never contain secrets.
	 *
	 * @param success whether the connection was authorized
	 * @param title the heading
	 * @param text one paragraph
	 */
	record Page(boolean success, String title, String text) {

		static Page success(String title, String text) {
			return new Page(true, title, text);
		}

		static Page failure(String title, String text) {
			return new Page(false, title, text);
		}

		String html() {
			return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>zoho-users-batch: "
					+ escape(this.title) + "</title><style>body{font-family:sans-serif;max-width:40em;margin:4em auto;"
					+ "line-height:1.4}h1{color:" + (this.success ? "#1a7f37" : "#b42318") + "}</style></head><body><h1>"
					+ escape(this.title) + "</h1><p>" + escape(this.text) + "</p><p>You can close this window and "
					+ "return to the command line.</p></body></html>";
		}

		private static String escape(String text) {
			return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
				.replace("'", "&#39;");
		}

	}

}
