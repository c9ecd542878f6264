package io.github.zohousersbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A bad value on the command line, as a new user types one: exit code 2 before anything
 * starts, and one sentence that names the option and what it expects, for every command's
 * options and arguments (paths, numbers, names, formats, ids).
 */
class BadInputTests {

	@TempDir
	static Path directory;

	static Stream<Arguments> badValues() {
		String missingDirectory = "/nonexistent-dir/x.csv";
		String aDirectory = directory.toString();
		return Stream.of(
				// paths
				arguments("export --format csv --output " + missingDirectory, "option --output",
						"a file in an existing directory"),
				arguments("export --format csv --output " + aDirectory, "option --output",
						"a file in an existing directory"),
				arguments("run --summary-file /nonexistent-dir/summary.json", "option --summary-file",
						"a file in an existing directory"),
				arguments("restart --last-failed --summary-file " + aDirectory, "option --summary-file",
						"a file in an existing directory"),
				// numbers
				arguments("history --limit 0", "option --limit", "a whole number of 1 or more"),
				arguments("history --limit -3", "option --limit", "a whole number of 1 or more"),
				arguments("history --limit many", "option --limit", "a whole number of 1 or more"),
				arguments("history --drop-alert 150", "option --drop-alert", "a number from 0 to 100"),
				arguments("history --drop-alert -1", "option --drop-alert", "a number from 0 to 100"),
				arguments("history --drop-alert NaN", "option --drop-alert", "a number from 0 to 100"),
				arguments("status --limit 0", "option --limit", "a whole number of 1 or more"),
				arguments("licences --runs 0", "option --runs", "a whole number of 1 or more"),
				arguments("demo --users 0", "option --users", "a whole number of 1 or more"),
				arguments("demo --users 1e6", "option --users", "a whole number of 1 or more"),
				// ids
				arguments("status 12x", "EXECUTION_ID", "an id, a whole number of 1 or more"),
				arguments("stop 0", "EXECUTION_ID", "an id, a whole number of 1 or more"),
				arguments("abandon x", "EXECUTION_ID", "an id, a whole number of 1 or more"),
				arguments("restart 0", "EXECUTION_ID", "an id, a whole number of 1 or more"),
				arguments("export --format csv --changes 0", "option --changes", "an id, a whole number of 1 or more"),
				// names
				arguments("run --connection a/b", "option --connection", "a name of letters, digits"),
				arguments("run --connection ok --connection 'x y'", "option --connection", "a name of letters, digits"),
				arguments("check --connection ../etc", "option --connection", "a name of letters, digits"),
				arguments("authorize --connection default --client c.d", "option --client",
						"a name of letters, digits"),
				arguments("deauthorize --connection ''", "option --connection", "a name of letters, digits"),
				arguments("connections enable 'no such'", "NAME", "a name of letters, digits"),
				arguments("authorize --data-center eu-1", "option --data-center",
						"location code of 2 to 8 letters, such as us, eu"),
				arguments("authorize --code ' '", "option --code", "the grant code"),
				// formats
				arguments("export --format xml", "option --format", "expected one of csv, json"),
				arguments("status --format yaml", "option --format", "expected one of text, json"),
				arguments("--log-format xml status", "option --log-format", "expected one of text, json"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badValues")
	void aBadValueExitsTwoWithOneSentenceNamingTheOption(String commandLine, String named, String expected) {
		// when
		JarProcess.Result result = JarProcess.captured(words(commandLine));

		// then
		assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr().lines()).as(result.stderr())
			.singleElement()
			.asString()
			.startsWith("Invalid value")
			.contains(named)
			.contains(expected);
	}

	@Test
	void theCheckedFileIsNotCreated() throws Exception {
		// given
		Path output = directory.resolve("missing").resolve("users.csv");

		// when
		JarProcess.Result result = JarProcess.captured("export", "--format", "csv", "--output", output.toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(directory.resolve("missing")).doesNotExist();
		assertThat(Files.exists(output)).isFalse();
	}

	@Test
	void anUnknownOptionStillShowsTheUsage() {
		// when
		JarProcess.Result result = JarProcess.captured("history", "--no-such-option");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr()).contains("Unknown option: '--no-such-option'").contains("Usage:");
	}

	// the command line split as a shell does, single quotes kept together
	private static String[] words(String commandLine) {
		List<String> args = new ArrayList<>();
		Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(commandLine);
		while (word.find()) {
			args.add((word.group(1) != null) ? word.group(1) : word.group(2));
		}
		return args.toArray(String[]::new);
	}

}
