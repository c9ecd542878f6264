package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Receives Zoho's redirect at the connection's redirect URI, on its loopback addresses
 * only ({@link RedirectEndpoint}). Answers (requests to the callback path carrying a
 * code, a state or an error) go to the handler, possibly several at once; the browser
 * gets the page of its reply, and then the reply's follow-up runs. Anything else (a
 * favicon, a bare visit) gets a short page and changes nothing. How connections are read
 * and bounded: {@link LoopbackHttpServer}.
 */
final class CallbackListener implements AutoCloseable {

	// a browser sends its redirect at once; a connection that is silent this long is no
	// browser's
	static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final LoopbackHttpServer server;

	private CallbackListener(LoopbackHttpServer server) {
		this.server = server;
	}

	static CallbackListener start(String connectionName, RedirectEndpoint endpoint,
			Function<AuthorizationCallback, Reply> handler) {
		return start(connectionName, endpoint, READ_TIMEOUT, handler);
	}

	static CallbackListener start(String connectionName, RedirectEndpoint endpoint, Duration readTimeout,
			Function<AuthorizationCallback, Reply> handler) {
		try {
			return new CallbackListener(LoopbackHttpServer.start(endpoint.addresses(), readTimeout,
					request -> route(request, endpoint.path(), handler)));
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Cannot listen on " + endpoint.addresses() + " for the redirect URI " + endpoint.redirectUri()
							+ ": " + ex.getMessage() + ". Stop what uses "
							+ "the port, or register another loopback redirect URI at Zoho and set zoho.connections."
							+ connectionName + ".redirect-uri to it",
					ex);
		}
	}

	/** The addresses actually bound, all on the same port. */
	List<InetSocketAddress> addresses() {
		return this.server.addresses();
	}

	private static HttpWire.Response route(HttpWire.Request request, String path,
			Function<AuthorizationCallback, Reply> handler) {
		URI target;
		try {
			target = URI.create(request.target());
		}
		catch (IllegalArgumentException ex) {
			return page(400, Page.failure("Bad request", "This address only receives Zoho's authorization."));
		}
		if (!path.equals(target.getRawPath())) {
			return page(404, Page.failure("Not found", "This address only receives Zoho's authorization."));
		}
		if (!"GET".equals(request.method())) {
			return page(405, Page.failure("Method not allowed", "Zoho's redirect is a GET request."));
		}
		AuthorizationCallback callback = AuthorizationCallback.parse(target.getRawQuery());
		if (!callback.isAnswer()) {
			return page(200, Page.notice("Waiting for Zoho",
					"This address receives Zoho's redirect after you accept or reject the consent page."));
		}
		Reply reply = handler.apply(callback);
		// the follow-up runs only once the page is sent: the outcome ends the wait, and
		// with it this listener
		return HttpWire.Response.html((reply.page().tone() == Tone.FAILURE) ? 400 : 200, reply.page().html(),
				reply.then());
	}

	private static HttpWire.Response page(int status, Page page) {
		return HttpWire.Response.html(status, page.html(), () -> {
		});
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * The handler's reply to an answer.
	 *
	 * @param page what the browser shows
	 * @param then what to do once the page is sent
	 */
	record Reply(Page page, Runnable then) {
	}

	/** How a page looks: the colour of its heading. */
	enum Tone {

		SUCCESS("#1a7f37"), NOTICE("#1f2328"), FAILURE("#b42318");

		private final String colour;

		Tone(String colour) {
			this.colour = colour;
		}

	}

	/**
	 * What the browser shows after the redirect. Texts are escaped; they never contain
	 * secrets.
	 *
	 * @param tone whether the connection was authorized, is still awaited, or not
	 * @param title the heading
	 * @param text one paragraph
	 */
	record Page(Tone tone, String title, String text) {

		static Page success(String title, String text) {
			return new Page(Tone.SUCCESS, title, text);
		}

		static Page notice(String title, String text) {
			return new Page(Tone.NOTICE, title, text);
		}

		static Page failure(String title, String text) {
			return new Page(Tone.FAILURE, title, text);
		}

		String html() {
			return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>zoho-users-batch: "
					+ escape(this.title) + "</title><style>body{font-family:sans-serif;max-width:40em;margin:4em auto;"
					+ "line-height:1.4}h1{color:" + this.tone.colour + "}</style></head><body><h1>" + escape(this.title)
					+ "</h1><p>" + escape(sentence(this.text)) + "</p>" + ((this.tone != Tone.NOTICE)
							? "<p>You can close this window and return to the command line.</p>" : "")
					+ "</body></html>";
		}

		// a message of a failure may come from elsewhere without its full stop
		private static String sentence(String text) {
			return (text.endsWith(".") || text.endsWith("?") || text.endsWith("!")) ? text : text + ".";
		}

		private static String escape(String text) {
			return text.replace("&", "&amp;")
				.replace("<", "&lt;")
				.replace(">", "&gt;")
				.replace("\"", "&quot;")
				.replace("'", "&#39;");
		}

	}

}
