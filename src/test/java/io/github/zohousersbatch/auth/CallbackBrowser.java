package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plays the operator's browser in tests: starts a browser authorization of connection
 * {@code test}, waits until its listener is up (the consent address is handed over then),
 * and sends redirects to the callback with a real HTTP client.
 */
final class CallbackBrowser implements AutoCloseable {

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	Pending start(BrowserAuthorization authorization) throws Exception {
		CompletableFuture<URI> consent = new CompletableFuture<>();
		CompletableFuture<ConnectionToken> result = CompletableFuture
			.supplyAsync(() -> authorization.authorize("test", consent::complete), this.executor);
		CompletableFuture.anyOf(consent, result).get(30, TimeUnit.SECONDS);
		return new Pending(consent.getNow(null), result);
	}

	HttpResponse<String> redirect(String query) throws IOException, InterruptedException {
		return get(URI.create(ZohoBatchTest.CALLBACK_URI + "?" + query));
	}

	HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * An authorization waiting for its redirect.
	 *
	 * @param consent the consent address it printed
	 * @param result what it ends with
	 */
	record Pending(URI consent, CompletableFuture<ConnectionToken> result) {

		String state() {
			String query = this.consent.getRawQuery();
			String state = query.substring(query.indexOf("&state=") + "&state=".length());
			return (state.indexOf('&') < 0) ? state : state.substring(0, state.indexOf('&'));
		}

		ConnectionToken token() throws Exception {
			return this.result.get(30, TimeUnit.SECONDS);
		}

		void assertFailed(FailureReason reason, String message) {
			assertThatThrownBy(() -> this.result.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining(message)
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(reason);
		}

	}

}
