package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Reads the scheduler examples of {@code jobs/} the way their schedulers do: the
 * crontab's environment and job lines, systemd unit files as INI sections, the Kubernetes
 * manifest as YAML documents; and parses the commands they run with the real command
 * line.
 */
final class SchedulerExamples {

	static final Path JOBS = Path.of("jobs");

	/** Five cron time fields, then the command. */
	static final Pattern CRON_JOB = Pattern.compile(
			"^([0-9*,/-]+)\\s+([0-9*,/-]+)\\s+([0-9*,/-]+)\\s+([0-9*,/a-zA-Z-]+)\\s+([0-9*,/a-zA-Z-]+)\\s+(\\S.*)$");

	static final Pattern CRON_ENVIRONMENT = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(.*)$");

	/**
	 * One invocation of the launcher inside a shell command, up to the next shell
	 * operator.
	 */
	static final Pattern LAUNCHER_CALL = Pattern.compile("jobs/zoho-users-batch((?:\\s+[^\\s;&|()>]+)+)");

	private SchedulerExamples() {
	}

	static String read(String file) {
		try {
			return Files.readString(JOBS.resolve(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The crontab's lines that are neither blank nor comments. */
	static List<String> crontabLines() {
		return read("crontab.example").lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
	}

	static Map<String, String> crontabEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String line : crontabLines()) {
			Matcher matcher = CRON_ENVIRONMENT.matcher(line);
			if (matcher.matches()) {
				environment.put(matcher.group(1), matcher.group(2));
			}
		}
		return environment;
	}

	/** The command of each job line. */
	static List<String> crontabCommands() {
		return crontabLines().stream()
			.map(CRON_JOB::matcher)
			.filter(Matcher::matches)
			.map(matcher -> matcher.group(6))
			.toList();
	}

	/** The arguments of every launcher call in a shell command, quotes removed. */
	static List<List<String>> launcherCalls(String shellCommand) {
		List<List<String>> calls = new ArrayList<>();
		Matcher matcher = LAUNCHER_CALL.matcher(shellCommand);
		while (matcher.find()) {
			calls.add(List.of(matcher.group(1).trim().replace("\"", "").replace("'", "").split("\\s+")));
		}
		return calls;
	}

	/** A systemd unit file: section name to keys to values (a key may repeat). */
	static Map<String, Map<String, List<String>>> unit(String file) {
		Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
		Map<String, List<String>> current = null;
		for (String line : read(file).lines().map(String::strip).toList()) {
			if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
				continue;
			}
			if (line.startsWith("[") && line.endsWith("]")) {
				current = sections.computeIfAbsent(line.substring(1, line.length() - 1), name -> new LinkedHashMap<>());
				continue;
			}
			int equals = line.indexOf('=');
			if (current == null || equals < 1) {
				throw new IllegalArgumentException(file + ": not a unit file line: " + line);
			}
			current.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>())
				.add(line.substring(equals + 1));
		}
		return sections;
	}

	/** {@code KEY=value} lines of an environment file. */
	static Map<String, String> environmentFile(String file) {
		Map<String, String> environment = new LinkedHashMap<>();
		read(file).lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
			int equals = line.indexOf('=');
			environment.put(line.substring(0, equals), line.substring(equals + 1));
		});
		return environment;
	}

	/** The YAML documents of a manifest, by kind. */
	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> manifest(String file) {
		Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
		StreamSupport.stream(new Yaml().loadAll(read(file)).spliterator(), false)
			.map(document -> (Map<String, Object>) document)
			.forEach(document -> byKind.put((String) document.get("kind"), document));
		return byKind;
	}

	/** The value at a path of map keys and list indexes in a YAML document. */
	@SuppressWarnings("unchecked")
	static <T> T at(Object node, Object... path) {
		Object current = node;
		for (Object step : path) {
			current = (step instanceof Integer index) ? ((List<Object>) current).get(index)
					: ((Map<String, Object>) current).get((String) step);
		}
		return (T) current;
	}

	/** The CronJob's container. */
	static Map<String, Object> cronJobContainer() {
		return at(manifest("kubernetes/cronjob.yaml").get("CronJob"), "spec", "jobTemplate", "spec", "template", "spec",
				"containers", 0);
	}

	/**
	 * Parses arguments as the jar would; throws when the command or an option does not
	 * exist.
	 */
	static ParseResult parse(List<String> args) {
		return new CommandLine(new RootCommand(List.of())).setCaseInsensitiveEnumValuesAllowed(true)
			.parseArgs(args.toArray(String[]::new));
	}

	/** The commands the operators' guide's "Command line" section lists. */
	static List<String> documentedCommands() {
		try {
			String readme = Files.readString(Path.of("jobs/README.md"));
			int start = readme.indexOf("## Command line");
			String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
			Matcher matcher = Pattern.compile("java -jar target/zoho-users-batch\\.jar ([a-z]+)").matcher(section);
			List<String> commands = new ArrayList<>();
			while (matcher.find()) {
				commands.add(matcher.group(1));
			}
			return commands;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
