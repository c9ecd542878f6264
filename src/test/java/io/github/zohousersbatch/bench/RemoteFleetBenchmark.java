package io.github.zohousersbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of sandbox organisations run three ways, one connection at a time per process:
 * locally ({@code run} with {@code zoho.fleet.concurrency=1}), then remotely
 * ({@code run --remote}, the manager embedding its broker) with one and with two
 * {@code worker} processes of concurrency 1, started and waiting before the clock starts,
 * as a platform keeps them running. Prints a table and writes
 * {@code target/bench/remote-fleet.json}. Choose the fleet with
 * {@code -Dbench.fleet.organisations=6 -Dbench.fleet.users=2000
 * -Dbench.fleet.latency=200 -Dbench.fleet.workers=0,1,2}; the logs are kept in
 * {@code target/bench/}.
 */
class RemoteFleetBenchmark {

	final int organisations = Integer.getInteger("bench.fleet.organisations", 6);

	final int users = Integer.getInteger("bench.fleet.users", 2000);

	final int latency = Integer.getInteger("bench.fleet.latency", 200);

	final JsonMapper json = JsonMapper.builder().build();

	final List<ZohoSandbox> sandboxes = new ArrayList<>();

	@Test
	void benchmark() throws Exception {
		Files.createDirectories(Path.of("target", "bench"));
		try {
			// the schema first
			assertThat(launch(List.of("status"), null).waitFor(2, TimeUnit.MINUTES)).isTrue();
			for (int i = 1; i <= this.organisations; i++) {
				ZohoSandbox sandbox = ZohoSandbox.start(this.users, Duration.ofMillis(this.latency));
				sandbox.renderPages(200);
				this.sandboxes.add(sandbox);
				BenchProcess.authorize(sandbox, "fleet" + i);
			}
			List<Map<String, Object>> results = new ArrayList<>();
			for (String workers : System.getProperty("bench.fleet.workers", "0,1,2").split(",")) {
				results.add(runCase(Integer.parseInt(workers.trim())));
			}
			String row = "%-8s %8s %14s %8s %10s %10s%n";
			System.out.printf(row, "mode", "workers", "organisations", "users", "wall ms", "users/s");
			for (Map<String, Object> r : results) {
				System.out.printf(row, r.get("mode"), r.get("workers"), r.get("organisations"), r.get("users"),
						r.get("wallMs"), r.get("usersPerSecond"));
			}
			Path output = Path.of("target", "bench", "remote-fleet.json");
			Files.createDirectories(output.getParent());
			Files.writeString(output, this.json.writerWithDefaultPrettyPrinter().writeValueAsString(results));
		}
		finally {
			this.sandboxes.forEach(ZohoSandbox::close);
		}
	}

	// workers == 0: a local fleet run
	private Map<String, Object> runCase(int workers) throws Exception {
		int port = TestDatabase.freePort();
		List<Process> started = new ArrayList<>();
		List<Path> logs = new ArrayList<>();
		for (int i = 0; i < workers; i++) {
			Path log = Path.of("target", "bench", "fleet-" + workers + "-worker-" + i + ".log");
			logs.add(log);
			started.add(launch(List.of("worker", "--zoho.fleet.embedded-broker-port=" + port), log));
		}
		// running, as a platform keeps them: their start-up is not the fleet's
		for (Path log : logs) {
			await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(log).contains("takes partitions"));
		}
		List<String> run = new ArrayList<>(List.of("run"));
		for (int i = 1; i <= this.organisations; i++) {
			run.addAll(List.of("--connection", "fleet" + i));
		}
		if (workers > 0) {
			run.addAll(List.of("--remote", "--zoho.fleet.embedded-broker-port=" + port));
		}
		long start = System.nanoTime();
		Process manager = launch(run, Path.of("target", "bench", "fleet-" + workers + "-manager.log"));
		assertThat(manager.waitFor(10, TimeUnit.MINUTES)).isTrue();
		long wallMs = (System.nanoTime() - start) / 1_000_000;
		assertThat(manager.exitValue()).isZero();
		for (Process worker : started) {
			worker.destroy();
			assertThat(worker.waitFor(1, TimeUnit.MINUTES)).isTrue();
			assertThat(worker.exitValue()).isZero();
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("mode", (workers == 0) ? "local" : "remote");
		result.put("workers", workers);
		result.put("organisations", this.organisations);
		result.put("users", this.organisations * this.users);
		result.put("latencyMs", this.latency);
		result.put("wallMs", wallMs);
		result.put("usersPerSecond", Math.round(this.organisations * this.users / (wallMs / 1000.0)));
		return result;
	}

	// the launcher, against the test database, one connection at a time per process
	private Process launch(List<String> args, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of("sh", "jobs/zoho-users-batch"));
		command.addAll(args);
		command.addAll(List.of("--spring.datasource.url=" + TestDatabase.url(),
				"--spring.datasource.username=" + TestDatabase.user(),
				"--spring.datasource.password=" + TestDatabase.password(),
				"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY, "--zoho.fleet.concurrency=1"));
		for (int i = 1; i <= this.sandboxes.size(); i++) {
			ZohoSandbox sandbox = this.sandboxes.get(i - 1);
			command.addAll(List.of("--zoho.connections.fleet" + i + ".client-id=" + sandbox.clientId(),
					"--zoho.connections.fleet" + i + ".client-secret=" + sandbox.clientSecret(),
					"--zoho.connections.fleet" + i + ".accounts-url=" + sandbox.baseUrl()));
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError((log != null) ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.DISCARD);
		builder.environment()
			.putAll(Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "JAVA_OPTS",
					"-Xmx128m", "ZOHO_USERS_BATCH_CACHE",
					Path.of("target", "launcher-cache").toAbsolutePath().toString()));
		return builder.start();
	}

}
