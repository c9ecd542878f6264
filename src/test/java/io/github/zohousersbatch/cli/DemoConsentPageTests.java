package io.github.zohousersbatch.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.Tables;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code demo --browser} in a headless browser (HtmlUnit): the sandbox shows a consent
 * page with the client, the scopes and Accept and Reject; Accept authorizes and the run
 * follows, Reject ends the demo with {@code access_denied} and the demo's own command to
 * run again.
 */
class DemoConsentPageTests {

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	final ExecutorService executor = Executors.newSingleThreadExecutor();

	final WebClient browser = new WebClient();

	@BeforeAll
	static void migrateSchema() {
		try (CapturedConsole console = CapturedConsole.capture()) {
			assertThat(OAuthCommandsTests.cli(List.of(), "status")).as(console::text).isZero();
		}
	}

	@BeforeEach
	void cleanState() {
		Tables.clean(this.jdbc);
		this.browser.getOptions().setJavaScriptEnabled(false);
		this.browser.getOptions().setCssEnabled(false);
		// the callback answers a declined authorization with HTTP 400, as it should
		this.browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
	}

	@AfterEach
	void close() {
		this.browser.close();
		this.executor.shutdownNow();
	}

	@Test
	void acceptingTheConsentPageAuthorizesAndTheRunFollows() throws Exception {
		try (CapturedConsole console = CapturedConsole.capture()) {
			// given: the demo waits for the browser
			Demo demo = startDemo(console);
			HtmlPage consent = this.browser.getPage(demo.consent().get(2, TimeUnit.MINUTES));

			// when
			HtmlPage callback = consent.<HtmlButton>getHtmlElementById("accept").click();
			int exitCode = demo.exitCode().get(2, TimeUnit.MINUTES);

			// then: the page was Zoho's consent page, and then the callback's success
			// page
			assertThat(consent.getTitleText()).isEqualTo("Zoho sandbox: consent");
			assertThat(consent.getHtmlElementById("client").asNormalizedText()).startsWith("1000.SANDBOX");
			assertThat(consent.getHtmlElementById("scopes").asNormalizedText()).contains("ZohoCRM.users.READ")
				.contains("ZohoCRM.org.READ")
				.contains("ZohoCRM.features.READ");
			assertThat(callback.getWebResponse().getStatusCode()).isEqualTo(200);
			assertThat(callback.getTitleText()).contains("Connection 'demo' is authorized");
			assertThat(exitCode).as(console::text).isZero();
			assertThat(console.text()).contains("Authorized connection 'demo' through the sandbox's consent page.")
				.contains("12 users read");
		}
	}

	@Test
	void rejectingTheConsentPageEndsTheDemoWithAccessDeniedAndItsOwnCommand() throws Exception {
		try (CapturedConsole console = CapturedConsole.capture()) {
			// given
			Demo demo = startDemo(console);
			HtmlPage consent = this.browser.getPage(demo.consent().get(2, TimeUnit.MINUTES));

			// when
			HtmlPage callback = consent.<HtmlButton>getHtmlElementById("reject").click();
			int exitCode = demo.exitCode().get(2, TimeUnit.MINUTES);

			// then
			assertThat(callback.getWebResponse().getStatusCode()).isEqualTo(400);
			assertThat(callback.getTitleText()).contains("Connection 'demo' is not authorized");
			assertThat(callback.asNormalizedText()).contains("error=access_denied")
				.contains("Run java -jar target/zoho-users-batch.jar demo --browser --users 12 again");
			assertThat(exitCode).isEqualTo(1);
			assertThat(console.text()).contains("the user rejected the consent page")
				.contains("Run java -jar target/zoho-users-batch.jar demo --browser --users 12 again (after 10 minutes "
						+ "in the second case) and accept.")
				.doesNotContain("run authorize again");
			assertThat(this.jdbc.sql("select count(*) from zoho_connection_token").query(Long.class).single()).isZero();
		}
	}

	private Demo startDemo(CapturedConsole console) throws Exception {
		CompletableFuture<String> consent = console
			.match(Pattern.compile("http://127\\.0\\.0\\.1:\\d+/oauth/v2/auth\\?\\S+"));
		List<String> callback = List
			.of("--zoho.connections.demo.redirect-uri=http://localhost:" + TestDatabase.freePort() + "/oauth/callback");
		CompletableFuture<Integer> exitCode = CompletableFuture
			.supplyAsync(() -> OAuthCommandsTests.cli(callback, "demo", "--browser", "--users", "12"), this.executor);
		CompletableFuture.anyOf(consent, exitCode).get(2, TimeUnit.MINUTES);
		assertThat(consent).as(console::text).isDone();
		return new Demo(consent, exitCode);
	}

	private record Demo(CompletableFuture<String> consent, CompletableFuture<Integer> exitCode) {
	}

}
