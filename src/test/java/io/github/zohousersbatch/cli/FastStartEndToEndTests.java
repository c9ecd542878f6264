package io.github.zohousersbatch.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar target/zoho-users-batch.jar} hands the command to a JVM started as the
 * launcher starts it ({@link FastStart}): the jar extracted into the cache, the archive
 * recorded by a command that calls Zoho and used by the next ones, the JVM options of
 * {@code java} passed on, the exit code and the signals kept, and no child left behind.
 */
class FastStartEndToEndTests {

	@TempDir
	Path cache;

	String callback;

	@BeforeEach
	void freeCallbackPort() throws Exception {
		this.callback = "http://localhost:" + TestDatabase.freePort() + "/oauth/callback";
	}

	@Test
	void theFirstCommandExtractsTheJarACommandThatCallsZohoRecordsTheArchiveAndTheNextUseIt() throws Exception {
		// when
		JarProcess.Result first = java(List.of(), "status");
		JarProcess.Result demo = java(List.of(), "demo", "--users", "20");
		JarProcess.Result next = java(List.of("-Xlog:class+load=info"), "status");

		// then
		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(demo.exitCode()).as(demo.output()).isZero();
		assertThat(this.cache.resolve("app/.extracted")).exists();
		assertThat(this.cache.resolve("app/zoho-users-batch.jar")).exists();
		assertThat(next.exitCode()).as(next.output()).isZero();
		// the option given to java reached the JVM that ran the command, and it mapped
		// the archive; the first JVM started no Spring application
		assertThat(next.stdout())
			.contains("io.github.zohousersbatch.cli.ZohoUsersBatchCli source: shared objects file (top)")
			.contains("org.springframework.boot.SpringApplication source: shared objects file (top)")
			.doesNotContain("org.springframework.boot.SpringApplication source: jar:nested:");
		assertThat(this.cache.resolve("app/classes.jsa")).exists();
	}

	@Test
	void theExitCodeIsTheCommandsAsWithoutTheFastStart() throws Exception {
		// when
		JarProcess.Result fast = java(List.of(), "status", "--no-such-option");
		JarProcess.Result plain = JarProcess
			.start(command(List.of(), List.of("status", "--no-such-option")), environment("0"))
			.await();

		// then
		assertThat(fast.exitCode()).isEqualTo(2).isEqualTo(plain.exitCode());
		assertThat(fast.stderr()).contains("Unknown option: '--no-such-option'");
	}

	@Test
	void aSigtermReachesTheCommandAndItsExitCodeIsKept() throws Exception {
		// given: an authorization waiting for the browser, in the JVM the fast start
		// began
		JarProcess.Running fast = waitingAuthorization("1");
		List<ProcessHandle> children = fast.process().descendants().toList();
		this.callback = "http://localhost:" + TestDatabase.freePort() + "/oauth/callback";
		JarProcess.Running plain = waitingAuthorization("0");

		// when
		fast.process().destroy();
		plain.process().destroy();
		JarProcess.Result fastResult = fast.await();
		JarProcess.Result plainResult = plain.await();

		// then
		assertThat(children).isNotEmpty();
		assertThat(fastResult.exitCode()).isEqualTo(plainResult.exitCode());
		await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
	}

	@Test
	void aKilledJavaLeavesNoCommandRunning() throws Exception {
		// given
		JarProcess.Running fast = waitingAuthorization("1");
		List<ProcessHandle> children = fast.process().descendants().toList();

		// when: kill -9, as the OOM killer or a scheduler's hard timeout do it
		fast.kill();

		// then
		assertThat(children).isNotEmpty();
		await().atMost(Duration.ofMinutes(1)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
	}

	private JarProcess.Running waitingAuthorization(String fast) throws Exception {
		JarProcess.Running process = JarProcess.start(command(List.of(), List.of("authorize", "--connection", "test",
				"--no-browser", "--zoho.connections.test.redirect-uri=" + this.callback)), environment(fast));
		await().atMost(Duration.ofMinutes(3))
			.until(() -> read(process.out()).contains("/oauth/v2/auth?") || !process.process().isAlive());
		assertThat(process.process().isAlive()).as(() -> read(process.out()) + read(process.err())).isTrue();
		return process;
	}

	private JarProcess.Result java(List<String> jvmOptions, String... args) throws Exception {
		return JarProcess.start(command(jvmOptions, List.of(args)), environment("1")).await();
	}

	private List<String> command(List<String> jvmOptions, List<String> args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", JarProcess.JAR.toString()));
		command.addAll(args);
		command.addAll(JarProcess.infrastructureProperties());
		return command;
	}

	private Map<String, String> environment(String fast) {
		return Map.of("ZOHO_USERS_BATCH_CACHE", this.cache.toString(), "ZOHO_USERS_BATCH_FAST", fast);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			return "";
		}
	}

}
