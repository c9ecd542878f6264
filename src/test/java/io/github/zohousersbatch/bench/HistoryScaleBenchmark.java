package io.github.zohousersbatch.bench;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.cli.ZohoUsersBatchCli;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Years of history: {@code status}, {@code history}, {@code licences},
 * {@code connections} and a run, each timed in this JVM (the median of three) on a
 * repository holding only the benchmark's own runs, then once SQL has added 500
 * connections with one run each, then once they have 365 daily runs each (Spring Batch's
 * metadata, completed runs, licence counts and changes), with fresh statistics. With
 * years of history, each must take at most 1.5 times as long as with one run per
 * connection. Set the size with {@code -Dbench.history=500x365}.
 */
class HistoryScaleBenchmark {

	static final String CONNECTION = "history";

	@Test
	void benchmark() throws Exception {
		String[] size = System.getProperty("bench.history", "500x365").split("x");
		int connections = Integer.parseInt(size[0]);
		int days = Integer.parseInt(size[1]);
		try (ZohoSandbox zoho = ZohoSandbox.start(200, java.time.Duration.ZERO)) {
			Map<String, Supplier<Integer>> commands = commands(zoho);
			// the schema migrated, then the connection authorized
			commands.get("status").get();
			BenchProcess.authorize(zoho, CONNECTION);
			commands.get("run").get();
			Map<String, Long> empty = timed(commands);
			fill(connections, 1);
			Map<String, Long> oneRunEach = timed(commands);
			long started = System.nanoTime();
			fill(connections, days - 1);
			long fillSeconds = (System.nanoTime() - started) / 1_000_000_000;
			Map<String, Long> years = timed(commands);
			System.out.printf("%d connections x %d more runs added by SQL in %d s%n", connections, days - 1,
					fillSeconds);
			System.out.printf("%-12s %10s %14s %14s %8s%n", "command", "empty ms", "1 run each ms",
					days + " runs each ms", "ratio");
			empty.forEach((name, ms) -> System.out.printf("%-12s %10d %14d %14d %8.2f%n", name, ms,
					oneRunEach.get(name), years.get(name), (double) years.get(name) / oneRunEach.get(name)));
			// connections lists every connection: its time grows with their number, not
			// with their history
			assertThat(years)
				.allSatisfy((name, ms) -> assertThat(ms).as(name).isLessThanOrEqualTo(oneRunEach.get(name) * 3 / 2));
		}
	}

	private static void fill(int connections, int days) throws Exception {
		try (Connection connection = TestDatabase.dataSource().getConnection()) {
			// one session: the fill keeps its runs in a temporary table
			new HistoryFill(JdbcClient.create(new SingleConnectionDataSource(connection, true))).fill(connections,
					days);
		}
	}

	private static Map<String, Supplier<Integer>> commands(ZohoSandbox zoho) {
		List<String> database = List.of("--spring.datasource.url=" + TestDatabase.url(),
				"--spring.datasource.username=" + TestDatabase.user(),
				"--spring.datasource.password=" + TestDatabase.password(),
				"--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY, "--logging.level.root=WARN");
		Map<String, Supplier<Integer>> commands = new LinkedHashMap<>();
		commands.put("status", () -> command(database, "status"));
		commands.put("history", () -> command(database, "history"));
		commands.put("licences", () -> command(database, "licences"));
		commands.put("connections", () -> command(database, "connections"));
		commands.put("run",
				() -> command(database, "run", "--connection", CONNECTION,
						"--zoho.connections." + CONNECTION + ".client-id=" + zoho.clientId(),
						"--zoho.connections." + CONNECTION + ".client-secret=" + zoho.clientSecret(),
						"--zoho.connections." + CONNECTION + ".accounts-url=" + zoho.baseUrl()));
		return commands;
	}

	private static int command(List<String> database, String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.addAll(database);
		int exit = ZohoUsersBatchCli.execute(arguments.toArray(String[]::new));
		assertThat(exit).as(String.join(" ", args)).isZero();
		return exit;
	}

	// the median of three calls of each command, in milliseconds
	private static Map<String, Long> timed(Map<String, Supplier<Integer>> commands) {
		Map<String, Long> times = new LinkedHashMap<>();
		commands.forEach((name, command) -> {
			List<Long> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				long started = System.nanoTime();
				command.get();
				calls.add((System.nanoTime() - started) / 1_000_000);
			}
			times.put(name, calls.stream().sorted().toList().get(1));
		});
		return times;
	}

}
