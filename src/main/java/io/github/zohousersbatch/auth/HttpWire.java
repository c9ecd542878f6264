package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 that {@link LoopbackHttpServer} speaks: a request line and headers read
 * within a deadline and a size limit (a browser's redirect is a GET without a body), an
 * HTML or text page written back, the connection then closed.
 */
final class HttpWire {

	static final int MAX_HEAD_BYTES = 8192;

	// what the browser may still send after our answer is read and dropped, so that
	// closing does not reset it
	private static final int MAX_DRAIN_BYTES = 65536;

	private HttpWire() {
	}

	/**
	 * The request line, once the whole request head arrived; it must arrive before
	 * {@code timeout} ends, however slowly its bytes trickle in.
	 * @throws SocketTimeoutException when it did not
	 * @throws MalformedRequestException when it is too large or no HTTP/1 request
	 */
	static Request read(Socket socket, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		InputStream in = socket.getInputStream();
		byte[] head = new byte[MAX_HEAD_BYTES];
		int length = 0;
		while (!endsHead(head, length)) {
			if (length == head.length) {
				throw new MalformedRequestException(431, "The request is too large.");
			}
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remaining <= 0) {
				throw new SocketTimeoutException();
			}
			socket.setSoTimeout((int) Math.min(remaining, Integer.MAX_VALUE));
			// byte by byte: nothing of a body is consumed, and a head is a few hundred
			// bytes
			int read = in.read(head, length, 1);
			if (read < 0) {
				throw new MalformedRequestException(400, "The request ended early.");
			}
			length += read;
		}
		String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
		String[] requestLine = text.substring(0, text.indexOf('\n')).strip().split(" ");
		if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
			throw new MalformedRequestException(400, "This is not an HTTP/1 request.");
		}
		return new Request(requestLine[0], requestLine[1]);
	}

	private static boolean endsHead(byte[] head, int length) {
		return (length >= 2 && head[length - 1] == '\n' && head[length - 2] == '\n')
				|| (length >= 4 && head[length - 1] == '\n' && head[length - 2] == '\r' && head[length - 3] == '\n');
	}

	/**
	 * Writes the answer, ends our side of the connection and reads what the client still
	 * sends.
	 */
	static void answer(Socket socket, Response response) throws IOException {
		byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n" + "Content-Type: "
				+ response.contentType() + "\r\n" + "Content-Length: " + body.length + "\r\n"
				// the address bar holds the grant code: keep the page out of caches and
				// referrers
				+ "Cache-Control: no-store\r\n" + "Referrer-Policy: no-referrer\r\n"
				+ "X-Content-Type-Options: nosniff\r\n"
				+ "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
				+ "Connection: close\r\n\r\n";
		OutputStream out = socket.getOutputStream();
		out.write(head.getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
		socket.shutdownOutput();
		drain(socket);
	}

	private static void drain(Socket socket) throws IOException {
		socket.setSoTimeout(1000);
		byte[] buffer = new byte[4096];
		int total = 0;
		try {
			for (int read; total < MAX_DRAIN_BYTES && (read = socket.getInputStream().read(buffer)) >= 0;) {
				total += read;
			}
		}
		catch (SocketTimeoutException ex) {
			// the client keeps its side open; closing ours is enough
		}
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 408 -> "Request Timeout";
			case 431 -> "Request Header Fields Too Large";
			default -> "Bad Request";
		};
	}

	/**
	 * A request line.
	 *
	 * @param method the method, e.g. GET
	 * @param target the request target as sent, e.g. {@code /oauth/callback?code=...}
	 */
	record Request(String method, String target) {

		@Override
		public String toString() {
			// the target holds the grant code
			return "Request[method=" + this.method + "]";
		}

	}

	/**
	 * An answer.
	 *
	 * @param status HTTP status
	 * @param contentType its media type
	 * @param body the page
	 * @param then what to do once it was sent (or could not be)
	 */
	record Response(int status, String contentType, String body, Runnable then) {

		static Response html(int status, String html, Runnable then) {
			return new Response(status, "text/html; charset=utf-8", html, then);
		}

		static Response plain(int status, String text) {
			return new Response(status, "text/plain; charset=utf-8", text + "\n", () -> {
			});
		}

	}

	/** A request this server does not serve, with the status that says why. */
	static final class MalformedRequestException extends IOException {

		private final int status;

		MalformedRequestException(int status, String message) {
			super(message);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
