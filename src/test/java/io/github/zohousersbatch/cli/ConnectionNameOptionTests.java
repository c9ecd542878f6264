package io.github.zohousersbatch.cli;

import java.util.List;

import io.github.zohousersbatch.cli.JarProcess.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection name that could leave a directory or forge a line is refused on the
 * command line, before anything starts, with exit code 2 and the option named.
 */
class ConnectionNameOptionTests {

	@Test
	void everyCommandRefusesAPathAsConnectionNameNamingTheOption() {
		for (List<String> command : List.of(List.of("run", "--connection"), List.of("authorize", "--connection"),
				List.of("status", "--connection"), List.of("export", "--format", "csv", "--connection"),
				List.of("restart", "--last-failed", "--connection"), List.of("connections", "disable"))) {
			// given
			String[] args = concat(command, "x/../../../home/u/.ssh/authorized_keys");

			// when
			Result result = JarProcess.inProcess(args);

			// then
			assertThat(result.exitCode()).as(String.join(" ", command)).isEqualTo(2);
			assertThat(result.stderr()).as(String.join(" ", command))
				.contains("Invalid value 'x/../../../home/u/.ssh/authorized_keys' for ")
				.contains(": expected a name of letters, digits, '-' and '_' (at most 64).");
		}
		assertThat(JarProcess.inProcess("run", "--connection", "a".repeat(65)).stderr())
			.contains("Invalid value '" + "a".repeat(65) + "' for option --connection");
		assertThat(JarProcess.inProcess("connections", "enable", "evil\u001b[2J").stderr())
			.contains("Invalid value 'evil[2J' for NAME");
	}

	private static String[] concat(List<String> command, String name) {
		return java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of(name))
			.toArray(String[]::new);
	}

}
