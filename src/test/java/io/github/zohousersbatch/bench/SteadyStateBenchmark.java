package io.github.zohousersbatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hundredth run: one connection run again and again against the same Zoho sandbox
 * (nothing changes in Zoho), as a daily schedule does, through the launcher. Prints, for
 * the runs measured, the wall time against the serial bound (pages x latency), the
 * reconciliation step's time, the rows of {@code zoho_user_aggregation} written (new row
 * versions) and the size of the tables with their indexes. Writes
 * {@code target/bench/steady-state.json}. Choose with
 * {@code -Dbench.cases=20000@100,100000@200,100000@0} (users@latency in ms),
 * {@code -Dbench.runs=1,2,3,10} (the last is how many runs each case makes) and
 * {@code -Dbench.jvm-options="-Xmx128m"}; {@code -Dzoho.test.jdbc-url=...} runs it on an
 * external PostgreSQL.
 */
class SteadyStateBenchmark {

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	@Test
	void benchmark() throws Exception {
		List<String> cases = List.of(System.getProperty("bench.cases", "20000@100,100000@200,100000@0").split(","));
		TreeSet<Integer> measured = new TreeSet<>(Stream.of(System.getProperty("bench.runs", "1,2,3,10").split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList());
		List<String> jvmOptions = List.of(System.getProperty("bench.jvm-options", "-Xmx128m").split("\\s+"));
		BenchProcess.migrate(jvmOptions);
		String version = this.jdbc.sql("show server_version").query(String.class).single();
		// a first run records the launcher's class-data sharing archive, as a
		// deployment's first run does
		runCase(200, 0, new TreeSet<>(), jvmOptions);
		List<Map<String, Object>> results = new ArrayList<>();
		for (String benchCase : cases) {
			int users = Integer.parseInt(benchCase.split("@")[0].trim());
			int latency = Integer.parseInt(benchCase.split("@")[1].trim());
			results.addAll(runCase(users, latency, measured, jvmOptions));
		}
		System.out.println("PostgreSQL " + version + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
		print(results);
		Path output = Path.of("target", "bench", "steady-state.json");
		Files.createDirectories(output.getParent());
		Files.writeString(output,
				JsonMapper.builder()
					.build()
					.writerWithDefaultPrettyPrinter()
					.writeValueAsString(Map.of("postgresql", version, "cases", results)));
	}

	private List<Map<String, Object>> runCase(int users, int latencyMillis, TreeSet<Integer> measured,
			List<String> jvmOptions) throws Exception {
		String connection = "steady" + users + "x" + latencyMillis + "at" + System.currentTimeMillis();
		int last = measured.isEmpty() ? 1 : measured.last();
		List<Map<String, Object>> results = new ArrayList<>();
		try (ZohoSandbox zoho = ZohoSandbox.start(users, Duration.ofMillis(latencyMillis))) {
			BenchProcess.authorize(zoho, connection);
			zoho.renderPages(200);
			for (int run = 1; run <= last; run++) {
				long xid = this.jdbc.sql("select txid_current() % 4294967296").query(Long.class).single();
				long started = System.nanoTime();
				runJob(zoho, connection, jvmOptions);
				long wallMs = (System.nanoTime() - started) / 1_000_000;
				if (measured.contains(run)) {
					results.add(result(connection, users, latencyMillis, run, wallMs, xid));
				}
			}
		}
		return results;
	}

	private static void runJob(ZohoSandbox zoho, String connection, List<String> jvmOptions) throws Exception {
		List<String> command = BenchProcess.runCommand(jvmOptions, zoho, connection);
		Path err = Files.createTempFile("bench", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(err.toFile());
		builder.environment().putAll(BenchProcess.environment(jvmOptions));
		Process process = builder.start();
		int exit = process.waitFor();
		assertThat(exit).as(Files.readString(err)).isZero();
		Files.delete(err);
	}

	private Map<String, Object> result(String connection, int users, int latencyMillis, int run, long wallMs,
			long xidBefore) {
		int pages = (users + 199) / 200;
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("users", users);
		result.put("latencyMs", latencyMillis);
		result.put("run", run);
		result.put("wallMs", wallMs);
		result.put("wallToSerialBound",
				(latencyMillis == 0) ? null : Math.round(100.0 * wallMs / (pages * latencyMillis)) / 100.0);
		result.put("reconcileMs", this.jdbc.sql("""
				select round(extract(epoch from (s.end_time - s.start_time)) * 1000) from batch_step_execution s
				join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
				where s.step_name = 'reconcileUsers' and p.parameter_name = 'connection' and p.parameter_value = ?
				order by s.step_execution_id desc limit 1
				""").param(connection).query(Long.class).single());
		// rows of the connection with a version newer than the run's start
		result.put("rowsWritten", this.jdbc.sql("""
				select count(*) from zoho_user_aggregation
				where connection_name = ? and xmin::text::bigint > ?
				""").params(connection, xidBefore).query(Long.class).single());
		result.put("aggregationMb", megabytes("zoho_user_aggregation"));
		result.put("changesMb", megabytes("zoho_user_change"));
		result.put("metadataMb", megabytes("batch_step_execution") + megabytes("batch_job_execution"));
		return result;
	}

	private double megabytes(String table) {
		return Math
			.round(this.jdbc.sql("select pg_total_relation_size(?::regclass)").param(table).query(Long.class).single()
					/ 1024.0 / 1024.0 * 10)
				/ 10.0;
	}

	private static void print(List<Map<String, Object>> results) {
		String row = "%8s %8s %4s %9s %9s %13s %12s %15s %10s %12s%n";
		System.out.printf(row, "users", "latency", "run", "wall ms", "x serial", "reconcile ms", "rows written",
				"aggregation MB", "changes MB", "metadata MB");
		for (Map<String, Object> r : results) {
			System.out.printf(row, r.get("users"), r.get("latencyMs"), r.get("run"), r.get("wallMs"),
					r.get("wallToSerialBound"), r.get("reconcileMs"), r.get("rowsWritten"), r.get("aggregationMb"),
					r.get("changesMb"), r.get("metadataMb"));
		}
	}

}
