package io.github.zohousersbatch.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.zohousersbatch.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guides tested like code: every example command line in them parses with the real
 * command line, every command and option they name exists in picocli's model, every
 * {@code zoho.*} property they name exists in the generated configuration metadata, and
 * every relative link resolves, anchor included.
 */
class DocumentationTests {

	// java [JVM options] -jar .../zoho-users-batch.jar, or the launcher, then the command
	// line
	static final Pattern EXAMPLE = Pattern
		.compile("(?:java\\s+(?:-\\S+\\s+)*-jar\\s+\\S*zoho-users-batch\\.jar|jobs/zoho-users-batch)(?=\\s|$)(.*)");

	static final Pattern OPTION_ALONE = Pattern.compile("^(--[a-z][a-z0-9-]*)(?:[ =].*)?$");

	static final Pattern NAMED_COMMAND = Pattern.compile("`([a-z][a-z-]*)[^`]*` commands?\\b");

	static final Pattern ZOHO_NAME = Pattern.compile("(?<![\\w./-])zoho\\.[a-z][\\w.*-]*");

	// what an example's placeholder stands for where the command line wants a number or
	// one of a few words
	static final Map<String, String> PLACEHOLDERS = Map.of("EXECUTION_ID", "1", "N", "1", "RUN", "1", "PERCENT", "10",
			"FORMAT", "json", "DC", "eu", "DURATION", "180d");

	static Stream<Path> guides() {
		return Guides.ALL.stream();
	}

	@ParameterizedTest
	@MethodSource("guides")
	void everyExampleCommandLineParses(Path guide) {
		List<String> errors = new ArrayList<>();
		for (Guides.Code code : Guides.code(guide)) {
			Matcher example = EXAMPLE.matcher(code.text());
			if (example.find()) {
				parse(code, example.group(1), true, errors);
			}
			else if (code.inline() && commandNames().contains(code.text().split("\\s+")[0])
					&& !code.text().matches(".*\\s[^\\w\\s-]+(\\s.*)?")) {
				// a command named in the text, not a piece of SQL or Java such as `status
				// == active`
				parse(code, code.text(), false, errors);
			}
		}
		assertThat(errors).as(guide.toString()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("guides")
	void everyCommandAndOptionNamedExists(Path guide) {
		Set<String> options = optionNames(cli().getCommandSpec(), new HashSet<>());
		List<String> errors = new ArrayList<>();
		for (Guides.Code code : Guides.code(guide)) {
			Matcher option = OPTION_ALONE.matcher(code.text());
			if (code.inline() && option.matches() && !options.contains(option.group(1))) {
				errors.add(code + ": no command has the option " + option.group(1));
			}
		}
		Matcher command = NAMED_COMMAND.matcher(Guides.prose(guide));
		while (command.find()) {
			if (!commandNames().contains(command.group(1))) {
				errors.add(guide + ": no command " + command.group(1));
			}
		}
		assertThat(errors).as(guide.toString()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("guides")
	void everyZohoPropertyNamedExists(Path guide) throws Exception {
		ZohoNames known = ZohoNames.load();
		List<String> errors = new ArrayList<>();
		Matcher name = ZOHO_NAME.matcher(Guides.read(guide));
		while (name.find()) {
			String property = name.group().replaceAll("[.*]+$", "");
			if (!known.contains(property)) {
				errors.add(guide + ": no property " + name.group());
			}
		}
		assertThat(errors).as(guide.toString()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("guides")
	void everyRelativeLinkResolves(Path guide) {
		List<String> errors = new ArrayList<>();
		for (String link : Guides.relativeLinks(guide)) {
			String[] parts = link.split("#", 2);
			Path target = parts[0].isEmpty() ? guide : guide.resolveSibling(parts[0]).normalize();
			if (!Files.exists(target)) {
				errors.add(guide + ": " + link + " (no " + target + ")");
			}
			else if (parts.length == 2 && target.toString().endsWith(".md")
					&& !Guides.anchors(target).contains(parts[1])) {
				errors.add(guide + ": " + link + " (no heading #" + parts[1] + " in " + target + ")");
			}
		}
		assertThat(errors).as(guide.toString()).isEmpty();
	}

	/**
	 * An example line must parse; a command named in the text ({@code `restart`},
	 * {@code `authorize --client`}) must exist with the options named, its required
	 * values may be left out.
	 */
	private static void parse(Guides.Code code, String commandLine, boolean example, List<String> errors) {
		List<String> args = arguments(commandLine);
		if (args.contains("COMMAND")) {
			return;
		}
		try {
			cli().parseArgs(args.toArray(String[]::new));
		}
		catch (MissingParameterException ex) {
			if (example) {
				errors.add(code + " -> " + args + ": " + ex.getMessage());
			}
		}
		catch (ParameterException ex) {
			errors.add(code + " -> " + args + ": " + ex.getMessage());
		}
	}

	// a synopsis as a command line: comments and shell operators cut, the first of
	// alternatives, optional parts kept, placeholders given a value, Spring properties
	// left to Spring
	static List<String> arguments(String commandLine) {
		String line = commandLine;
		String previous;
		do {
			previous = line;
			line = line.replaceAll("\\[([^\\[\\]|]*)(\\|[^\\[\\]]*)?\\]", "$1");
		}
		while (!line.equals(previous));
		line = line.replaceAll("\\s\\(.*$", "")
			.replaceAll("\\s#.*$", "")
			.replaceAll("\\s*(;|&&?|\\|\\||\\s\\|\\s|\\d?>>?|<|\\)).*$", "")
			.replaceAll("(\\S+?)\\|\\S+", "$1");
		List<String> args = new ArrayList<>();
		Matcher word = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(line);
		while (word.find()) {
			String arg = (word.group(1) != null) ? word.group(1)
					: (word.group(2) != null) ? word.group(2) : word.group(3);
			if (!arg.equals("...") && !arg.equals("\\") && !ZohoUsersBatchCli.isProperty(arg)) {
				args.add(arg.matches("[A-Z_]*ID") ? "1" : PLACEHOLDERS.getOrDefault(arg, arg));
			}
		}
		return args;
	}

	// one model for all: each parse starts afresh
	// with the converters the real command line has (durations as Spring writes them)
	private static final CommandLine CLI = BadInput
		.checked(new CommandLine(new RootCommand(List.of())).setCaseInsensitiveEnumValuesAllowed(true));

	private static CommandLine cli() {
		return CLI;
	}

	private static Set<String> commandNames() {
		return cli().getSubcommands().keySet();
	}

	private static Set<String> optionNames(CommandSpec command, Set<String> names) {
		command.options().forEach(option -> names.addAll(List.of(option.names())));
		command.subcommands().values().forEach(sub -> optionNames(sub.getCommandSpec(), names));
		return names;
	}

	/**
	 * The {@code zoho.*} names a guide may use: the properties and groups of the
	 * generated configuration metadata (and their prefixes, map keys and the fields of a
	 * map's values), the default values it lists (the broker's queue), the log fields of
	 * a run and the test database's system properties.
	 */
	record ZohoNames(Set<String> names, Map<String, String> maps) {

		static ZohoNames load() throws Exception {
			JsonNode metadata = JsonMapper.builder()
				.build()
				.readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
			Set<String> names = new HashSet<>(TestDatabase.SYSTEM_PROPERTIES);
			Map<String, String> maps = new HashMap<>();
			for (JsonNode group : metadata.get("groups")) {
				names.add(group.get("name").asString());
			}
			for (JsonNode property : metadata.get("properties")) {
				String name = property.get("name").asString();
				for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
					names.add(name.substring(0, dot));
				}
				names.add(name);
				if (property.has("defaultValue")) {
					names.add(property.get("defaultValue").asString());
				}
				String type = property.get("type").asString();
				if (type.startsWith("java.util.Map<java.lang.String,")) {
					maps.put(name, type.substring("java.util.Map<java.lang.String,".length(), type.length() - 1));
				}
			}
			for (Field field : Class.forName("io.github.zohousersbatch.job.RunLogContext").getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
					field.setAccessible(true);
					names.add((String) field.get(null));
				}
			}
			return new ZohoNames(names, maps);
		}

		boolean contains(String name) {
			if (this.names.contains(name)) {
				return true;
			}
			for (Map.Entry<String, String> map : this.maps.entrySet()) {
				if (name.startsWith(map.getKey() + ".")) {
					String[] keyAndField = name.substring(map.getKey().length() + 1).split("\\.", 2);
					return keyAndField.length == 1 || fields(map.getValue()).contains(keyAndField[1]);
				}
			}
			return false;
		}

		// a map value's record components, as their properties are spelled
		private static Set<String> fields(String type) {
			Set<String> fields = new HashSet<>();
			try {
				RecordComponent[] components = Class.forName(type).getRecordComponents();
				for (RecordComponent component : (components != null) ? components : new RecordComponent[0]) {
					fields.add(component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
				}
			}
			catch (ClassNotFoundException ex) {
				// not a record of ours: only its key can be named
			}
			return fields;
		}

	}

}
