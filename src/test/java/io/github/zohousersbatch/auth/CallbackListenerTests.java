package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loopback listener with real sockets: what it binds, and how it bounds what a
 * connection may cost it.
 */
class CallbackListenerTests {

	static final Function<AuthorizationCallback, CallbackListener.Reply> AUTHORIZED = CallbackListenerTests::authorized;

	final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void localhostIsServedOnBothLoopbackAddresses() throws Exception {
		RedirectEndpoint endpoint = RedirectEndpoint.of("crm", "http://localhost:" + TestDatabase.freePort() + "/cb");
		List<InetAddress> expected = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
		RedirectEndpoint.ipv6Loopback().ifPresent(expected::add);

		try (CallbackListener listener = CallbackListener.start("crm", endpoint, AUTHORIZED)) {
			assertThat(listener.addresses()).extracting(InetSocketAddress::getAddress)
				.containsExactlyElementsOf(expected);
			for (InetSocketAddress address : listener.addresses()) {
				String host = (address.getAddress() instanceof Inet6Address) ? "[::1]" : "127.0.0.1";
				HttpResponse<String> page = get("http://" + host + ":" + address.getPort() + "/cb?code=c&state=s");
				assertThat(page.statusCode()).as(host).isEqualTo(200);
				assertThat(page.body()).as(host).contains("Authorized");
			}
		}
	}

	@Test
	void anotherProgramOnEitherLoopbackAddressStopsTheListenerLeavingNothingBound() throws Exception {
		int port = TestDatabase.freePort();
		InetAddress taken = RedirectEndpoint.ipv6Loopback().orElse(InetAddress.getByName("127.0.0.1"));
		try (ServerSocket other = new ServerSocket()) {
			other.bind(new InetSocketAddress(taken, port));

			assertThatThrownBy(() -> CallbackListener.start("crm",
					RedirectEndpoint.of("crm", "http://localhost:" + port + "/cb"), AUTHORIZED))
				.isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining("Cannot listen on")
				.hasMessageContaining("zoho.connections.crm.redirect-uri")
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.CONFIGURATION);
		}
		try (ServerSocket again = new ServerSocket()) {
			again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
			assertThat(again.isBound()).isTrue();
		}
	}

	@Test
	void aSilentConnectionIsAnsweredAndClosedWhenTheReadTimeoutEnds() throws Exception {
		try (CallbackListener listener = started(Duration.ofMillis(300)); Socket silent = connect(listener)) {
			assertThat(readAll(silent)).startsWith("HTTP/1.1 408 ");
		}
	}

	@Test
	void aRequestThatNeverCompletesIsCutOffAtTheReadTimeout() throws Exception {
		try (CallbackListener listener = started(Duration.ofMillis(300)); Socket unfinished = connect(listener)) {
			unfinished.getOutputStream()
				.write("GET /cb?code=c&state=s HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

			assertThat(readAll(unfinished)).startsWith("HTTP/1.1 408 ");
		}
	}

	@Test
	void anOversizedRequestIsRefused() throws Exception {
		try (CallbackListener listener = started(Duration.ofSeconds(10)); Socket big = connect(listener)) {
			big.getOutputStream()
				.write(("GET /cb?code=" + "c".repeat(HttpWire.MAX_HEAD_BYTES) + " HTTP/1.1\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));

			assertThat(readAll(big)).startsWith("HTTP/1.1 431 ");
		}
	}

	@Test
	void anythingButAGetOfTheCallbackChangesNothing() throws Exception {
		try (CallbackListener listener = started(Duration.ofSeconds(10))) {
			String base = "http://127.0.0.1:" + listener.addresses().get(0).getPort();

			HttpResponse<String> other = get(base + "/favicon.ico");
			HttpResponse<String> posted = this.client
				.send(HttpRequest.newBuilder(URI.create(base + "/cb?code=c&state=s"))
					.POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
					.build(), HttpResponse.BodyHandlers.ofString());
			HttpResponse<String> bare = get(base + "/cb");

			assertThat(other.statusCode()).isEqualTo(404);
			assertThat(posted.statusCode()).isEqualTo(405);
			assertThat(bare.statusCode()).isEqualTo(200);
			assertThat(bare.body()).contains("<h1>Waiting for Zoho</h1>")
				.contains("color:#1f2328")
				.doesNotContain("#b42318")
				.contains("accept or reject the consent page.</p>");
			assertThat(bare.headers().firstValue("Cache-Control")).contains("no-store");
			assertThat(bare.headers().firstValue("Referrer-Policy")).contains("no-referrer");
		}
	}

	private static CallbackListener.Reply authorized(AuthorizationCallback callback) {
		return new CallbackListener.Reply(CallbackListener.Page.success("Authorized", "Done."), () -> {
		});
	}

	private static CallbackListener started(Duration readTimeout) throws IOException {
		return CallbackListener.start("crm",
				RedirectEndpoint.of("crm", "http://127.0.0.1:" + TestDatabase.freePort() + "/cb"), readTimeout,
				AUTHORIZED);
	}

	private static Socket connect(CallbackListener listener) throws IOException {
		Socket socket = new Socket(listener.addresses().get(0).getAddress(), listener.addresses().get(0).getPort());
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String readAll(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
