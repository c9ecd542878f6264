package io.github.zohousersbatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up side by side, in one run: {@code status} against the test database (an
 * external PostgreSQL to the application) through the launcher
 * {@code jobs/zoho-users-batch}, as {@code java -jar target/zoho-users-batch.jar}, and
 * with the container image's start command (carried out without a container,
 * {@link ContainerImage}). Each is warmed up first (the launcher's cache filled by a
 * demo, the image built), then run {@code bench.rounds} times in turn; prints the median
 * and the extremes. Run with
 * {@code ./mvnw -Pbenchmark verify -Dit.test=StartupBenchmark}.
 */
class StartupBenchmark {

	@Test
	void benchmark() throws Exception {
		int rounds = Integer.getInteger("bench.rounds", 7);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Map<String, Starter> starters = new LinkedHashMap<>();
		starters.put("launcher jobs/zoho-users-batch",
				args -> command(List.of("sh", "jobs/zoho-users-batch"), args, JarProcess.launcherEnvironment()));
		starters.put("java -jar target/zoho-users-batch.jar",
				args -> command(List.of(java, "-jar", JarProcess.JAR.toString()), args, Map.of()));
		ContainerImage.build();
		starters.put("image start command",
				args -> command(ContainerImage.startCommand(), args, ContainerImage.environment()));
		// warm-up: each records its class-data sharing archive where it keeps one
		for (Starter starter : starters.values()) {
			JarProcess.Result demo = starter.run(List.of("demo", "--users", "20"));
			assertThat(demo.exitCode()).as(demo.output()).isZero();
			JarProcess.Result status = starter.run(List.of("status"));
			assertThat(status.exitCode()).as(status.output()).isZero();
		}
		Map<String, List<Long>> times = new LinkedHashMap<>();
		for (int round = 0; round < rounds; round++) {
			for (Map.Entry<String, Starter> starter : starters.entrySet()) {
				long started = System.nanoTime();
				JarProcess.Result result = starter.getValue().run(List.of("status"));
				long millis = (System.nanoTime() - started) / 1_000_000;
				assertThat(result.exitCode()).as(result.output()).isZero();
				times.computeIfAbsent(starter.getKey(), key -> new ArrayList<>()).add(millis);
			}
		}
		long launcher = median(times.values().iterator().next());
		System.out.printf("%n%-44s %10s %8s %8s %12s%n", "status, " + rounds + " rounds", "median ms", "min", "max",
				"x launcher");
		times.forEach((name, millis) -> System.out.printf("%-44s %10d %8d %8d %12.2f%n", name, median(millis),
				millis.stream().mapToLong(Long::longValue).min().orElseThrow(),
				millis.stream().mapToLong(Long::longValue).max().orElseThrow(), median(millis) / (double) launcher));
	}

	private static JarProcess.Result command(List<String> start, List<String> args, Map<String, String> environment)
			throws Exception {
		List<String> command = new ArrayList<>(start);
		command.addAll(args);
		command.addAll(JarProcess.infrastructureProperties());
		Map<String, String> variables = new HashMap<>(environment);
		variables.putIfAbsent("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		return JarProcess.start(command, variables).await();
	}

	private static long median(List<Long> millis) {
		List<Long> sorted = millis.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	@FunctionalInterface
	interface Starter {

		JarProcess.Result run(List<String> args) throws Exception;

	}

}
