package io.github.zohousersbatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the benchmarks start the job as a scheduler does, and what they read of the process
 * from outside.
 */
final class BenchProcess {

	private static final ZohoFixture FIXTURE = ZohoFixture.forProcesses(TestDatabase.dataSource());

	private BenchProcess() {
	}

	/**
	 * What a scheduler runs: the launcher (fast start), or {@code java -jar} with
	 * {@code -Dbench.launcher=false}.
	 */
	static List<String> launch(List<String> jvmOptions) {
		if (Boolean.parseBoolean(System.getProperty("bench.launcher", "true"))) {
			return List.of("sh", "jobs/zoho-users-batch");
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", "target/zoho-users-batch.jar"));
		return command;
	}

	/**
	 * {@code run} of one connection of the sandbox, on the test database, as a scheduler
	 * starts it.
	 */
	static List<String> runCommand(List<String> jvmOptions, ZohoSandbox zoho, String connection) {
		List<String> command = new ArrayList<>(launch(jvmOptions));
		command.addAll(List.of("run", "--connection", connection, "--spring.datasource.url=" + TestDatabase.url(),
				"--spring.datasource.username=" + TestDatabase.user(),
				"--spring.datasource.password=" + TestDatabase.password(),
				"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY,
				"--zoho.connections." + connection + ".client-id=" + zoho.clientId(),
				"--zoho.connections." + connection + ".client-secret=" + zoho.clientSecret(),
				"--zoho.connections." + connection + ".accounts-url=" + zoho.baseUrl()));
		return command;
	}

	/** The launcher's environment: this JDK, the JVM options, its cache under target/. */
	static Map<String, String> environment(List<String> jvmOptions) {
		return Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "JAVA_OPTS",
				String.join(" ", jvmOptions), "ZOHO_USERS_BATCH_CACHE",
				Path.of("target", "launcher-cache").toAbsolutePath().toString());
	}

	/** The schema migrated, by a {@code status} of the job against the test database. */
	static void migrate(List<String> jvmOptions) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(launch(jvmOptions));
		command.addAll(List.of("status", "--spring.datasource.url=" + TestDatabase.url(),
				"--spring.datasource.username=" + TestDatabase.user(),
				"--spring.datasource.password=" + TestDatabase.password(),
				"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY));
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD);
		builder.environment().putAll(environment(jvmOptions));
		if (!builder.start().waitFor(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException("status did not end within 2 minutes");
		}
	}

	/**
	 * A grant code exchanged at the sandbox, as authorize does, and the tokens stored for
	 * {@code connection}, so that a run finds a valid access token.
	 */
	static void authorize(ZohoSandbox zoho, String connection) throws IOException, InterruptedException {
		String form = "grant_type=authorization_code&client_id=" + zoho.clientId() + "&client_secret="
				+ zoho.clientSecret() + "&code=" + zoho.issueGrantCode();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(zoho.baseUrl() + "/oauth/v2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = JsonMapper.builder().build().readTree(response.body());
		FIXTURE.store(connection, body.path("api_domain").asString(), body.path("access_token").asString(),
				body.path("refresh_token").asString());
	}

	/** The process's peak resident set so far (VmHWM), or 0 once it has ended. */
	static long highWaterMarkKb(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process just ended
		}
		return 0;
	}

}
