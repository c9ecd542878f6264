package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.zohousersbatch.TestDatabase;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Dockerfile} carried out without a container, instruction by instruction,
 * under a directory standing for the image's root file system ({@link #ROOT}):
 * {@code COPY} copies, {@code RUN} runs the same {@code jobs/container/image.sh} step
 * with the image's paths mapped there, {@code ENTRYPOINT} gives the start command. Only
 * {@code image.sh user} is not run (it would add a user to this machine). Built once per
 * test JVM, again when the jar, the script or the Dockerfile changed.
 */
final class ContainerImage {

	static final Path DOCKERFILE = Path.of("Dockerfile");

	/**
	 * {@code target/container-image/root}, or a directory of this checkout's own in the
	 * temporary directory when the checkout is in one that other accounts cannot enter
	 * ({@code /root}, a private home): the training run reads the image's jar as the
	 * image's user (uid 10001), as in the image.
	 */
	static final Path ROOT = StagedRoot.of(Path.of("target", "container-image").toAbsolutePath());

	private static final Pattern INSTRUCTION = Pattern.compile("^([A-Z]+)\\s+(.*)$");

	private static boolean built;

	private ContainerImage() {
	}

	/** The instructions of the Dockerfile: keyword and the rest of the line. */
	static List<String[]> instructions() throws IOException {
		List<String[]> instructions = new ArrayList<>();
		for (String line : Files.readAllLines(DOCKERFILE)) {
			Matcher matcher = INSTRUCTION.matcher(line.strip());
			if (!line.startsWith("#") && matcher.matches()) {
				instructions.add(new String[] { matcher.group(1), matcher.group(2) });
			}
		}
		return instructions;
	}

	/** Carries out the Dockerfile, once; the log of its steps. */
	static synchronized String build() throws Exception {
		Path log = ROOT.resolveSibling("build.log");
		Path archive = ROOT.resolve("app/application.jsa");
		if (built || upToDate(archive)) {
			built = true;
			return Files.exists(log) ? Files.readString(log) : "";
		}
		FileSystemUtils.deleteRecursively(ROOT);
		Files.createDirectories(ROOT);
		StringBuilder output = new StringBuilder();
		Path workdir = ROOT;
		for (String[] instruction : instructions()) {
			String argument = instruction[1];
			switch (instruction[0]) {
				case "WORKDIR" -> {
					workdir = inImage(argument);
					Files.createDirectories(workdir);
				}
				case "COPY" -> copy(argument, workdir);
				case "RUN" -> {
					if (!argument.endsWith(" user")) {
						output.append(run(argument, workdir));
					}
				}
				default -> {
					// FROM, USER, ENV, ENTRYPOINT, CMD: nothing to carry out here
				}
			}
		}
		Files.writeString(log, output);
		built = true;
		return output.toString();
	}

	/** The image's start command ({@code ENTRYPOINT}), its paths mapped. */
	static List<String> startCommand() throws IOException {
		String entrypoint = instructions().stream()
			.filter(instruction -> instruction[0].equals("ENTRYPOINT"))
			.map(instruction -> instruction[1])
			.reduce((first, last) -> last)
			.orElseThrow();
		List<String> command = new ArrayList<>();
		for (Object part : JsonMapper.builder().build().readValue(entrypoint, List.class)) {
			command.add(mapped(part.toString()));
		}
		return command;
	}

	/**
	 * The environment of the image's start command outside a container: the image's
	 * {@code ENV}, its paths mapped, and this JVM's {@code java}.
	 */
	static Map<String, String> environment() throws IOException {
		Map<String, String> environment = new java.util.HashMap<>();
		for (String[] instruction : instructions()) {
			if (instruction[0].equals("ENV")) {
				String[] variable = instruction[1].split("=", 2);
				environment.put(variable[0], mapped(variable[1]));
			}
		}
		environment.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		return environment;
	}

	private static boolean upToDate(Path archive) throws IOException {
		if (!Files.exists(archive)) {
			return false;
		}
		long recorded = Files.getLastModifiedTime(archive).toMillis();
		return Stream.of(JarProcess.JAR, DOCKERFILE, Path.of("jobs/container/image.sh"))
			.allMatch(source -> source.toFile().lastModified() < recorded);
	}

	private static void copy(String argument, Path workdir) throws IOException {
		String[] parts = argument.split("\\s+");
		boolean fromStage = parts[0].startsWith("--from=");
		Path source = fromStage ? inImage(parts[1]) : Path.of(parts[0]).toAbsolutePath();
		String destination = parts[parts.length - 1];
		Path target = destination.startsWith("/") ? inImage(destination) : workdir.resolve(destination);
		if (Files.isDirectory(source)) {
			try (Stream<Path> files = Files.walk(source)) {
				for (Path file : files.toList()) {
					Path copied = target.resolve(source.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(copied);
					}
					else {
						Files.copy(file, copied, StandardCopyOption.REPLACE_EXISTING,
								StandardCopyOption.COPY_ATTRIBUTES);
					}
				}
			}
			return;
		}
		Path file = destination.endsWith("/") || destination.equals(".") ? target.resolve(source.getFileName())
				: target;
		Files.createDirectories(file.getParent());
		Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
	}

	private static String run(String argument, Path workdir) throws Exception {
		List<String> command = new ArrayList<>();
		for (String part : argument.split("\\s+")) {
			command.add(mapped(part));
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment());
		builder.environment().put("ZOHO_EMBEDDEDDB_PORT", String.valueOf(TestDatabase.freePort()));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("RUN " + argument + " failed:\n" + output);
		}
		return "RUN " + argument + "\n" + output;
	}

	// an absolute path of the image is a path under ROOT
	private static String mapped(String part) {
		return part.startsWith("/") ? inImage(part).toString() : part;
	}

	private static Path inImage(String path) {
		return path.startsWith("/") ? ROOT.resolve(path.substring(1)) : Path.of(path);
	}

}
