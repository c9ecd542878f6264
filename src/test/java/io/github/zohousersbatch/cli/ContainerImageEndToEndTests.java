package io.github.zohousersbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's build script, tested outside a container as the Dockerfile runs
 * it ({@link ContainerImage}): the jar extracted into layers, the training run recording
 * a class-data sharing archive, and the image's start command using that archive against
 * a real database.
 */
class ContainerImageEndToEndTests {

	@Test
	void theJarIsExtractedIntoLayersWithTheDependenciesApartFromTheApplication() throws Exception {
		// when
		ContainerImage.build();

		// then
		Path extracted = ContainerImage.ROOT.resolve("build/extracted");
		try (Stream<Path> dependencies = Files.list(extracted.resolve("dependencies/lib"))) {
			assertThat(dependencies.map(jar -> jar.getFileName().toString()))
				.anyMatch(jar -> jar.startsWith("spring-batch-core-"))
				.anyMatch(jar -> jar.startsWith("postgresql-"))
				.noneMatch(jar -> jar.startsWith("zoho-users-batch"));
		}
		try (Stream<Path> application = Files.list(extracted.resolve("application"))) {
			assertThat(application.map(file -> file.getFileName().toString())).containsExactly("zoho-users-batch.jar");
		}
		// the application layer is small: a change of ours rebuilds only it
		assertThat(Files.size(extracted.resolve("application/zoho-users-batch.jar"))).isLessThan(5 * 1024 * 1024);
		assertThat(ContainerImage.ROOT.resolve("app/lib")).isDirectory();
	}

	@Test
	void theTrainingRunRecordsAnArchiveThatTheStartCommandUses() throws Exception {
		// given
		String log = ContainerImage.build();
		Path archive = ContainerImage.ROOT.resolve("app/application.jsa");

		// when: status against the test database, listing where each class came from
		JarProcess.Result result = start(List.of("status"), "-Xlog:class+load=info");

		// then
		assertThat(log).contains("recorded " + archive);
		assertThat(archive).isRegularFile();
		assertThat(Files.size(archive)).isGreaterThan(10 * 1024 * 1024);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout())
			.contains("io.github.zohousersbatch.cli.ZohoUsersBatchCli source: shared objects file (top)")
			.contains("org.springframework.batch.core.launch.JobOperator source: shared objects file (top)")
			.contains("org.postgresql.Driver source: shared objects file (top)");
	}

	@Test
	void theStartCommandRunsTheCommandLineAndPrintsItsStartUpTime() throws Exception {
		// given
		ContainerImage.build();

		// when
		long started = System.nanoTime();
		JarProcess.Result result = start(List.of("status", "--format", "json"), "");
		long millis = (System.nanoTime() - started) / 1_000_000;

		// then
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).isNotBlank();
		System.out.println("Container image start command: status in " + millis + " ms");
	}

	private static JarProcess.Result start(List<String> args, String javaOptions) throws Exception {
		List<String> command = new ArrayList<>(ContainerImage.startCommand());
		command.addAll(args);
		command.addAll(JarProcess.infrastructureProperties());
		Map<String, String> environment = new HashMap<>(ContainerImage.environment());
		environment.put("JAVA_OPTS", javaOptions);
		return JarProcess.start(command, environment).await();
	}

}
