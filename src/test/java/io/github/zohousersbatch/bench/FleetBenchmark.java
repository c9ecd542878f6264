package io.github.zohousersbatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet runs end to end, as a scheduler runs them ({@code run --connection ... } for many
 * connections, through the launcher, under {@code -Xmx256m}), against sandbox
 * organisations answering after a fixed latency. Two tables: the wall time of 50
 * organisations of 1,000 users at 200 ms for concurrency 1, 4 and 8 against the ideal
 * (start-up plus pages x latency / concurrency), and concurrency 8 again over what its
 * first run stored; and the heap from 10 to 500 organisations. Writes
 * {@code target/bench/fleet.json}. Run with {@code ./mvnw -Pbenchmark verify};
 * {@code -Dbench.fleet=false} leaves it out.
 */
class FleetBenchmark {

	static final Pattern PEAK_HEAP = Pattern.compile("peak heap (\\d+) MB");

	static final List<String> JVM_OPTIONS = List.of("-Xmx256m");

	// several organisations share a sandbox (the same client), each with its own tokens
	static final int SANDBOXES = 10;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void fleet() throws Exception {
		if (!Boolean.parseBoolean(System.getProperty("bench.fleet", "true"))) {
			return;
		}
		BenchProcess.migrate(JVM_OPTIONS);
		List<Map<String, Object>> speed = new ArrayList<>();
		for (int concurrency : List.of(1, 4, 8)) {
			speed.add(runCase(50, 1000, 200, concurrency, 1));
		}
		// the same fleet again, over the users its first run stored: what a scheduler
		// runs
		// every day after the first
		speed.add(runCase(50, 1000, 200, 8, 2));
		List<Map<String, Object>> heap = new ArrayList<>();
		for (int connections : List.of(10, 100, 500)) {
			heap.add(runCase(connections, 200, 0, 8, 1));
		}
		System.out.println("Fleet: 50 organisations of 1,000 users, 200 ms per request");
		print(speed);
		System.out.println("Fleet: heap from 10 to 500 organisations of 200 users, no latency, concurrency 8");
		print(heap);
		Path output = Path.of("target", "bench", "fleet.json");
		Files.createDirectories(output.getParent());
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("jvmOptions", JVM_OPTIONS);
		report.put("speed", speed);
		report.put("heap", heap);
		Files.writeString(output, this.json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
		System.out.println("Written to " + output.toAbsolutePath());
	}

	private Map<String, Object> runCase(int connections, int users, int latencyMillis, int concurrency, int run)
			throws Exception {
		List<ZohoSandbox> sandboxes = new ArrayList<>();
		try {
			for (int i = 0; i < Math.min(SANDBOXES, connections); i++) {
				ZohoSandbox sandbox = ZohoSandbox.start(users, Duration.ofMillis(latencyMillis));
				sandbox.renderPages(200);
				sandboxes.add(sandbox);
			}
			String prefix = "fleet" + connections + "x" + users + "c" + concurrency + "n";
			Path configuration = Files.createTempFile("fleet", ".properties");
			StringBuilder properties = new StringBuilder();
			List<String> command = new ArrayList<>(BenchProcess.launch(JVM_OPTIONS));
			command.add("run");
			for (int i = 0; i < connections; i++) {
				String connection = prefix + i;
				ZohoSandbox sandbox = sandboxes.get(i % sandboxes.size());
				BenchProcess.authorize(sandbox, connection);
				properties.append("zoho.connections.")
					.append(connection)
					.append(".client-id=")
					.append(sandbox.clientId())
					.append('\n');
				properties.append("zoho.connections.")
					.append(connection)
					.append(".client-secret=")
					.append(sandbox.clientSecret())
					.append('\n');
				properties.append("zoho.connections.")
					.append(connection)
					.append(".accounts-url=")
					.append(sandbox.baseUrl())
					.append('\n');
				command.addAll(List.of("--connection", connection));
			}
			Files.writeString(configuration, properties);
			command.addAll(List.of("--spring.config.additional-location=file:" + configuration,
					"--zoho.fleet.concurrency=" + concurrency, "--spring.datasource.url=" + TestDatabase.url(),
					"--spring.datasource.username=" + TestDatabase.user(),
					"--spring.datasource.password=" + TestDatabase.password(),
					"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY));
			int usersBefore = sandboxes.stream().mapToInt(ZohoSandbox::usersRequests).sum();
			int tokensBefore = sandboxes.stream().mapToInt(ZohoSandbox::tokenRequests).sum();
			Path err = Files.createTempFile("fleet", ".log");
			long started = System.nanoTime();
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(err.toFile());
			builder.environment().putAll(BenchProcess.environment(JVM_OPTIONS));
			Process process = builder.start();
			long peakRssKb = 0;
			while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
				peakRssKb = Math.max(peakRssKb, BenchProcess.highWaterMarkKb(process.pid()));
			}
			long wallMillis = (System.nanoTime() - started) / 1_000_000;
			String log = Files.readString(err);
			assertThat(process.exitValue()).as(log).isZero();
			long firstRequest = sandboxes.stream()
				.mapToLong(ZohoSandbox::firstApiRequestNanos)
				.filter(nanos -> nanos > 0)
				.min()
				.orElseThrow();
			long startupMillis = (firstRequest - started) / 1_000_000;
			int pagesPerConnection = (users + 199) / 200;
			int usersRequests = sandboxes.stream().mapToInt(ZohoSandbox::usersRequests).sum() - usersBefore;
			int tokenRequests = sandboxes.stream().mapToInt(ZohoSandbox::tokenRequests).sum() - tokensBefore;
			// the single-connection number of calls for every connection: one per page
			assertThat(usersRequests).isEqualTo(connections * pagesPerConnection);
			assertThat(tokenRequests).isZero();
			long idealMillis = startupMillis + (long) connections * pagesPerConnection * latencyMillis / concurrency;
			Matcher heap = PEAK_HEAP.matcher(log);
			long peakHeapMb = 0;
			while (heap.find()) {
				peakHeapMb = Math.max(peakHeapMb, Long.parseLong(heap.group(1)));
			}
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("connections", connections);
			result.put("usersEach", users);
			result.put("latencyMs", latencyMillis);
			result.put("concurrency", concurrency);
			result.put("run", run);
			result.put("wallMs", wallMillis);
			result.put("startupMs", startupMillis);
			result.put("idealMs", idealMillis);
			result.put("wallOverIdeal", Math.round(100.0 * wallMillis / idealMillis) / 100.0);
			result.put("usersRequestsPerConnection", usersRequests / (double) connections);
			result.put("peakHeapMb", peakHeapMb);
			result.put("peakRssMb", peakRssKb / 1024);
			return result;
		}
		finally {
			sandboxes.forEach(ZohoSandbox::close);
		}
	}

	private static void print(List<Map<String, Object>> results) {
		String row = "%12s %6s %8s %12s %4s %9s %11s %9s %11s %16s %8s %7s%n";
		System.out.printf(row, "connections", "users", "latency", "concurrency", "run", "wall ms", "startup ms",
				"ideal ms", "wall/ideal", "users req/conn", "heap MB", "RSS MB");
		for (Map<String, Object> r : results) {
			System.out.printf(row, r.get("connections"), r.get("usersEach"), r.get("latencyMs"), r.get("concurrency"),
					r.get("run"), r.get("wallMs"), r.get("startupMs"), r.get("idealMs"), r.get("wallOverIdeal"),
					r.get("usersRequestsPerConnection"), r.get("peakHeapMb"), r.get("peakRssMb"));
		}
	}

}
