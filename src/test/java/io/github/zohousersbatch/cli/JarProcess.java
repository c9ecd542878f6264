package io.github.zohousersbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;

/**
 * Runs the packaged jar ({@code target/zoho-users-batch.jar}) as a real process, the way
 * a scheduler does: through the launcher {@code jobs/zoho-users-batch}, with its
 * fast-start cache under {@code target/}.
 */
final class JarProcess {

	static final Path JAR = Path.of("target", "zoho-users-batch.jar");

	static final Path LAUNCHER_CACHE = Path.of("target", "launcher-cache").toAbsolutePath();

	private JarProcess() {
	}

	/** Runs the jar with the arguments as given, and nothing else. */
	static Result raw(List<String> command) throws IOException, InterruptedException {
		return start(command).await();
	}

	/** Starts the command without waiting for it. */
	static Running start(List<String> command) throws IOException {
		return start(command, Map.of());
	}

	static Running start(List<String> command, Map<String, String> environment) throws IOException {
		Path out = Files.createTempFile("zoho-out", ".txt");
		Path err = Files.createTempFile("zoho-err", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
		builder.environment().putAll(launcherEnvironment());
		builder.environment().putAll(environment);
		return new Running(builder.start(), out, err);
	}

	/**
	 * {@code java -jar target/zoho-users-batch.jar ARGS} against the test database and
	 * WireMock, started.
	 */
	static Running startJar(String... args) throws IOException {
		return start(javaCommand(List.of(args), true));
	}

	/**
	 * {@code java -jar target/zoho-users-batch.jar ARGS} against the test database and
	 * WireMock.
	 */
	static Result run(String... args) throws IOException, InterruptedException {
		return raw(javaCommand(List.of(args), true));
	}

	/** The same, with JVM options for the launcher ({@code JAVA_OPTS}). */
	static Result runWithJavaOptions(String javaOptions, String... args) throws IOException, InterruptedException {
		return start(javaCommand(List.of(args), true), Map.of("JAVA_OPTS", javaOptions)).await();
	}

	/**
	 * What the launcher needs to run this build with the test's JDK and its cache under
	 * target/.
	 */
	static Map<String, String> launcherEnvironment() {
		return Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"ZOHO_USERS_BATCH_JAR", JAR.toAbsolutePath().toString(), "ZOHO_USERS_BATCH_CACHE",
				LAUNCHER_CACHE.toString());
	}

	static List<String> javaCommand(List<String> args, boolean testInfrastructure) {
		List<String> command = new ArrayList<>(List.of("sh", "jobs/zoho-users-batch"));
		command.addAll(args);
		if (testInfrastructure) {
			command.addAll(infrastructureProperties());
		}
		return command;
	}

	static List<String> infrastructureProperties() {
		return List.of("--spring.datasource.url=" + TestDatabase.url(),
				"--spring.datasource.username=" + TestDatabase.user(),
				"--spring.datasource.password=" + TestDatabase.password(),
				"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY, "--zoho.job.page-size=5",
				"--zoho.http.retry.initial-backoff=5ms", "--zoho.http.retry.max-backoff=20ms",
				"--zoho.connections.test.client-id=" + ZohoBatchTest.CLIENT_ID,
				"--zoho.connections.test.client-secret=" + ZohoBatchTest.CLIENT_SECRET,
				"--zoho.connections.test.accounts-url=" + ZohoWireMock.baseUrl(),
				"--zoho.connections.other.client-id=" + ZohoBatchTest.CLIENT_ID,
				"--zoho.connections.other.client-secret=" + ZohoBatchTest.CLIENT_SECRET,
				"--zoho.connections.other.accounts-url=" + ZohoWireMock.baseUrl());
	}

	/**
	 * Runs the command line in this JVM against the test database and WireMock, as the
	 * jar would (each command starts its own application), capturing its output.
	 */
	static Result inProcess(String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.addAll(infrastructureProperties());
		return captured(arguments.toArray(String[]::new));
	}

	/**
	 * Runs the command line in this JVM exactly as given (no database, no Zoho),
	 * capturing its output.
	 */
	static Result captured(String... arguments) {
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
		try {
			int exitCode = ZohoUsersBatchCli.execute(arguments);
			return new Result(exitCode, stdout.toString(StandardCharsets.UTF_8),
					stderr.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

	/** A process under way. */
	record Running(Process process, Path out, Path err) {

		Result await() throws IOException, InterruptedException {
			if (!this.process.waitFor(3, TimeUnit.MINUTES)) {
				this.process.destroyForcibly();
				throw new IllegalStateException("Process did not end within 3 minutes");
			}
			return new Result(this.process.exitValue(), Files.readString(this.out, StandardCharsets.UTF_8),
					Files.readString(this.err, StandardCharsets.UTF_8));
		}

		/** SIGKILL, as {@code kill -9} or the OOM killer do it. */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor(1, TimeUnit.MINUTES);
		}

	}

	/** What the process left behind. */
	record Result(int exitCode, String stdout, String stderr) {

		String output() {
			return this.stdout + this.stderr;
		}

	}

}
