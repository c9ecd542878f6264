package io.github.zohousersbatch.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile is the one Spring Boot documents for efficient images, and runs only
 * steps of {@code jobs/container/image.sh}, which {@link ContainerImageEndToEndTests}
 * tests outside a container.
 */
class DockerfileTests {

	static final String SCRIPT = "/usr/local/bin/zoho-users-batch-image";

	@Test
	void everyStageIsAJre17AndEveryRunIsAStepOfTheTestedScript() throws Exception {
		List<String[]> instructions = ContainerImage.instructions();

		assertThat(instructions).filteredOn(instruction -> instruction[0].equals("FROM"))
			.hasSize(2)
			.allSatisfy(from -> assertThat(from[1]).startsWith("eclipse-temurin:17-jre"));
		assertThat(instructions).filteredOn(instruction -> instruction[0].equals("COPY"))
			.filteredOn(copy -> copy[1].endsWith(SCRIPT))
			.allSatisfy(copy -> assertThat(copy[1]).isEqualTo("jobs/container/image.sh " + SCRIPT));
		assertThat(instructions).filteredOn(instruction -> instruction[0].equals("RUN"))
			.extracting(run -> run[1])
			.containsExactly("sh " + SCRIPT + " extract zoho-users-batch.jar extracted", "sh " + SCRIPT + " user",
					"sh " + SCRIPT + " train /app");
		assertThat(instructions).filteredOn(instruction -> instruction[0].equals("ENTRYPOINT"))
			.singleElement()
			.satisfies(entrypoint -> assertThat(entrypoint[1])
				.isEqualTo("[\"sh\", \"" + SCRIPT + "\", \"start\", \"/app\"]"));
	}

	@Test
	void theDependenciesLieBelowTheApplicationAndANonRootUserRunsIt() throws Exception {
		List<String> steps = ContainerImage.instructions()
			.stream()
			.map(instruction -> instruction[0] + " " + instruction[1])
			.toList();

		assertThat(steps).filteredOn(step -> step.startsWith("COPY --from="))
			.containsExactly("COPY --from=layers /build/extracted/dependencies/ ./",
					"COPY --from=layers /build/extracted/spring-boot-loader/ ./",
					"COPY --from=layers /build/extracted/snapshot-dependencies/ ./",
					"COPY --from=layers /build/extracted/application/ ./");
		int train = steps.indexOf("RUN sh " + SCRIPT + " train /app");
		int user = steps.indexOf("USER 10001:10001");
		assertThat(train).isGreaterThan(steps.indexOf("COPY --from=layers /build/extracted/application/ ./"));
		assertThat(user).isGreaterThan(train);
		assertThat(steps.subList(user, steps.size()))
			.noneMatch(step -> step.startsWith("USER ") && !step.equals("USER 10001:10001"));
	}

}
