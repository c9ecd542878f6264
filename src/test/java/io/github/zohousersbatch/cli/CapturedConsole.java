package io.github.zohousersbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standard output and error of this JVM, captured while commands run in-process: what an
 * operator or a log collector would see (logs included, since the console appender writes
 * to them). Tests can wait for a line to appear within one write (one printed line), for
 * example the consent address that {@code authorize} prints once its listener is up.
 */
final class CapturedConsole implements AutoCloseable {

	private final PrintStream originalOut = System.out;

	private final PrintStream originalErr = System.err;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final List<Waiter> waiters = new ArrayList<>();

	private CapturedConsole() {
		OutputStream sink = new OutputStream() {

			@Override
			public void write(int b) {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) {
				synchronized (CapturedConsole.this) {
					CapturedConsole.this.bytes.write(b, off, len);
					if (!CapturedConsole.this.waiters.isEmpty()) {
						// a printed line arrives in one write; scanning only it keeps
						// TRACE output cheap
						notifyWaiters(new String(b, off, len, StandardCharsets.UTF_8));
					}
				}
			}

		};
		System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
	}

	static CapturedConsole capture() {
		return new CapturedConsole();
	}

	/** Everything written so far. */
	synchronized String text() {
		return this.bytes.toString(StandardCharsets.UTF_8);
	}

	/** The first match of {@code pattern}, once it has been written. */
	synchronized CompletableFuture<String> match(Pattern pattern) {
		Waiter waiter = new Waiter(pattern, new CompletableFuture<>());
		this.waiters.add(waiter);
		notifyWaiters(text());
		return waiter.match();
	}

	private void notifyWaiters(String text) {
		this.waiters.removeIf(waiter -> {
			Matcher matcher = waiter.pattern().matcher(text);
			return matcher.find() && waiter.match().complete(matcher.group());
		});
	}

	@Override
	public void close() {
		System.setOut(this.originalOut);
		System.setErr(this.originalErr);
	}

	private record Waiter(Pattern pattern, CompletableFuture<String> match) {
	}

}
