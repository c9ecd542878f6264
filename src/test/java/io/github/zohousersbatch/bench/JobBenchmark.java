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
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job end to end, as a scheduler runs it
 * ({@code java -Xmx128m -jar target/zoho-users-batch.jar run}), against the Zoho sandbox
 * with N users answering after a fixed latency, on the embedded PostgreSQL: the wall time
 * against the serial bound (pages x latency) and the calls Zoho served at once over time.
 * Each case runs again with the sandbox serving at most {@code bench.limit} calls at once
 * (429 above it), which must never see more than one call over the limit and must end
 * with the same table. Prints tables and writes {@code target/bench/results.json}. Run
 * with {@code ./mvnw -Pbenchmark verify}; choose cases with
 * {@code -Dbench.cases=20000@100,100000@200} (users@latency in ms),
 * {@code -Dbench.limit=10} (0: no limited runs), {@code -Dbench.jvm-options="-Xmx128m"},
 * and {@code -Dbench.launcher=false} for a plain {@code java -jar} instead of the
 * launcher {@code jobs/zoho-users-batch}.
 */
class JobBenchmark {

	static final Pattern READ_LINE = Pattern.compile("(\\d+) requests, (\\d+) ms in HTTP calls, (\\d+) ms waiting for "
			+ "pages, peak heap (\\d+) MB, at most (\\d+) pages in flight");

	final JsonMapper json = JsonMapper.builder().build();

	final PGSimpleDataSource dataSource = dataSource();

	final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	int runs;

	@Test
	void benchmark() throws Exception {
		List<String> cases = List.of(System.getProperty("bench.cases", "20000@100,100000@200").split(","));
		int limit = Integer.parseInt(System.getProperty("bench.limit", "10"));
		List<String> jvmOptions = List.of(System.getProperty("bench.jvm-options", "-Xmx128m").split("\\s+"));
		BenchProcess.migrate(jvmOptions);
		// a first run records the launcher's class-data sharing archive, as a
		// deployment's first run does
		runCase(200, 0, 0, jvmOptions);
		List<Map<String, Object>> results = new ArrayList<>();
		for (String benchCase : cases) {
			int count = Integer.parseInt(benchCase.split("@")[0].trim());
			int latency = Integer.parseInt(benchCase.split("@")[1].trim());
			Map<String, Object> free = runCase(count, latency, 0, jvmOptions);
			results.add(free);
			if (limit > 0) {
				Map<String, Object> limited = runCase(count, latency, limit, jvmOptions);
				// the same users, whatever Zoho's limit did to the reading
				assertThat(table((String) limited.get("connection"))).isEqualTo(table((String) free.get("connection")));
				results.add(limited);
			}
		}
		print(results);
		Path output = Path.of("target", "bench", "results.json");
		Files.createDirectories(output.getParent());
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("machine", machine());
		report.put("jvmOptions", jvmOptions);
		report.put("launcher", Boolean.parseBoolean(System.getProperty("bench.launcher", "true")));
		report.put("cases", results);
		Files.writeString(output, this.json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
		System.out.println("Written to " + output.toAbsolutePath());
	}

	private Map<String, Object> runCase(int count, int latencyMillis, int limit, List<String> jvmOptions)
			throws Exception {
		// one connection per run: a case may be run more than once
		String connection = "bench" + count + "x" + latencyMillis + ((limit > 0) ? "limit" + limit : "") + "run"
				+ (++this.runs);
		try (ZohoSandbox zoho = ZohoSandbox.start(count, Duration.ofMillis(latencyMillis)).limitConcurrency(limit)) {
			BenchProcess.authorize(zoho, connection);
			zoho.renderPages(200);
			int tokenRequestsBefore = zoho.tokenRequests();
			int usersRequestsBefore = zoho.usersRequests();
			List<String> command = BenchProcess.runCommand(jvmOptions, zoho, connection);
			Path err = Files.createTempFile("bench", ".log");
			long started = System.nanoTime();
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(err.toFile());
			builder.environment().putAll(BenchProcess.environment(jvmOptions));
			Process process = builder.start();
			long peakRssKb = 0;
			while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
				peakRssKb = Math.max(peakRssKb, BenchProcess.highWaterMarkKb(process.pid()));
			}
			long wallNanos = System.nanoTime() - started;
			String log = Files.readString(err);
			assertThat(process.exitValue()).as(log).isZero();
			Matcher read = READ_LINE.matcher(log);
			assertThat(read.find()).as(log).isTrue();
			int pages = (count + 199) / 200;
			int usersRequests = zoho.usersRequests() - usersRequestsBefore;
			int tokenRequests = zoho.tokenRequests() - tokenRequestsBefore;
			// minimal credits: one request served per page, none past the last
			assertThat(usersRequests).isEqualTo(Math.max(1, pages));
			assertThat(tokenRequests).isZero();
			if (limit > 0) {
				assertThat(zoho.peakConcurrency()).as("calls at once, the one over the limit included")
					.isLessThanOrEqualTo(limit + 1);
			}
			double stepSeconds = stepSeconds(connection);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("connection", connection);
			result.put("users", count);
			result.put("latencyMs", latencyMillis);
			result.put("zohoLimit", limit);
			result.put("wallMs", wallNanos / 1_000_000);
			result.put("startupToFirstRequestMs", (zoho.firstApiRequestNanos() - started) / 1_000_000);
			result.put("zohoWaitMs", Long.parseLong(read.group(3)));
			result.put("httpCallsMs", Long.parseLong(read.group(2)));
			result.put("serialBoundMs", (long) pages * latencyMillis);
			result.put("wallToSerialBound", (latencyMillis == 0) ? null
					: Math.round(100.0 * wallNanos / 1e6 / (pages * latencyMillis)) / 100.0);
			result.put("peakPagesInFlight", Integer.parseInt(read.group(5)));
			result.put("peakCallsAtZoho", zoho.peakConcurrency());
			result.put("throttled", zoho.throttledRequests());
			result.put("callsServedPerSecond", zoho.concurrencyOverTime(Duration.ofSeconds(1)));
			result.put("usersRequests", usersRequests);
			result.put("tokenRefreshes", tokenRequests);
			result.put("aggregateStepMs", Math.round(stepSeconds * 1000));
			result.put("rowsPerSecond", Math.round(count / stepSeconds));
			result.put("usersPerSecondEndToEnd", Math.round(count / (wallNanos / 1e9)));
			result.put("peakHeapMb", Long.parseLong(read.group(4)));
			result.put("peakRssMb", peakRssKb / 1024);
			return result;
		}
	}

	private double stepSeconds(String connection) {
		return this.jdbc.sql("""
				select extract(epoch from (s.end_time - s.start_time)) from batch_step_execution s
				join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
				where s.step_name = 'aggregateUsers' and p.parameter_name = 'connection' and p.parameter_value = ?
				""").param(connection).query(Double.class).single();
	}

	// every column Zoho's answers decide, the users in id order
	private List<Map<String, Object>> table(String connection) {
		return this.jdbc.sql("""
				select zoho_user_id, email, full_name, first_name, last_name, status, confirmed, role_id, role_name,
				    profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time, active
				from zoho_user_aggregation where connection_name = ? order by zoho_user_id
				""").param(connection).query().listOfRows();
	}

	private static void print(List<Map<String, Object>> results) {
		String row = "%8s %8s %6s %9s %10s %9s %10s %8s %9s %8s %9s %8s %9s %9s %8s %8s%n";
		System.out.printf(row, "users", "latency", "limit", "wall ms", "startup ms", "zoho ms", "serial ms", "x serial",
				"requests", "refresh", "in flight", "at Zoho", "throttled", "rows/s", "heap MB", "RSS MB");
		for (Map<String, Object> r : results) {
			System.out.printf(row, r.get("users"), r.get("latencyMs"), r.get("zohoLimit"), r.get("wallMs"),
					r.get("startupToFirstRequestMs"), r.get("zohoWaitMs"), r.get("serialBoundMs"),
					r.get("wallToSerialBound"), r.get("usersRequests"), r.get("tokenRefreshes"),
					r.get("peakPagesInFlight"), r.get("peakCallsAtZoho"), r.get("throttled"), r.get("rowsPerSecond"),
					r.get("peakHeapMb"), r.get("peakRssMb"));
		}
		System.out.println("Calls Zoho served at once, the most in each second from the first call:");
		for (Map<String, Object> r : results) {
			System.out.printf("%8s users, %4s ms, limit %3s: %s%n", r.get("users"), r.get("latencyMs"),
					r.get("zohoLimit"), r.get("callsServedPerSecond"));
		}
	}

	private static Map<String, Object> machine() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cpus", Runtime.getRuntime().availableProcessors());
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		return machine;
	}

	private static PGSimpleDataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(TestDatabase.url());
		dataSource.setUser(TestDatabase.user());
		dataSource.setPassword(TestDatabase.password());
		return dataSource;
	}

}
