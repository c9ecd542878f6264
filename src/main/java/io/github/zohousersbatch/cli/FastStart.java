package io.github.zohousersbatch.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The launcher's fast start for {@code java -jar zoho-users-batch.jar}: a JVM started on
 * the packaged jar (nested jars, the full JIT, no class-data sharing archive) spends some
 * 5 s before the command does anything. Before anything else is loaded, this one hands
 * the command to a second JVM started as the launcher {@code jobs/zoho-users-batch}
 * starts it, on the same cache ({@code $ZOHO_STATEDIR/launcher}, or
 * {@code ZOHO_USERS_BATCH_CACHE}): the jar extracted once, the class-data sharing archive
 * recorded by the first command that calls Zoho, the quick JIT tier and the serial
 * collector; the JVM options given to {@code java} come last and win. This JVM waits and
 * ends with the child's exit code; a SIGTERM or SIGINT it receives is passed on, and the
 * child ends by itself when this JVM is killed. {@code ZOHO_USERS_BATCH_FAST=0} turns it
 * off; anything unexpected runs the command in this JVM as before.
 */
final class FastStart {

	// a child knows it is one: it never hands over again
	static final String CHILD_PROPERTY = "zoho.fast-start.child";

	private static final String LAUNCHED_CLASS_LOADER = "org.springframework.boot.loader.launch.LaunchedClassLoader";

	// commands whose first run records the archive: they load the HTTP client's classes
	private static final Set<String> RECORDING = Set.of("run", "restart", "check", "authorize", "demo");

	private FastStart() {
	}

	/**
	 * The exit code of the command run by a faster JVM, or empty to run it in this one.
	 */
	static Optional<Integer> handOver(String[] args) {
		if (System.getProperty(CHILD_PROPERTY) != null) {
			watchParent();
			return Optional.empty();
		}
		if ("0".equals(System.getenv("ZOHO_USERS_BATCH_FAST"))
				|| !LAUNCHED_CLASS_LOADER.equals(Thread.currentThread().getContextClassLoader().getClass().getName())) {
			return Optional.empty();
		}
		try {
			Path jar = Path.of(System.getProperty("java.class.path")).toAbsolutePath();
			ProcessHandle.Info self = ProcessHandle.current().info();
			if (!jar.toString().endsWith(".jar") || self.command().isEmpty() || self.arguments().isEmpty()) {
				return Optional.empty();
			}
			Path app = extracted(jar, self.command().get());
			if (app == null) {
				return Optional.empty();
			}
			return Optional.of(runChild(self.command().get(), jvmOptions(self.arguments().get()), app, args));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of(130);
		}
	}

	// the options given to java before -jar (-Xmx, -D..., an agent), for the child too
	private static List<String> jvmOptions(String[] arguments) {
		int jar = Arrays.asList(arguments).indexOf("-jar");
		return (jar < 0) ? List.of() : List.of(arguments).subList(0, jar);
	}

	private static Path cache() throws IOException {
		String configured = System.getenv("ZOHO_USERS_BATCH_CACHE");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		String stateDir = System.getenv("ZOHO_STATEDIR");
		Path state = (stateDir != null && !stateDir.isBlank()) ? Path.of(stateDir)
				: Path.of(System.getProperty("user.home"), ".zoho-users-batch");
		if (!Files.isDirectory(state)) {
			// it keeps the token key and the database passwords: private from its
			// creation
			Files.createDirectories(state);
			if (state.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
			}
		}
		return state.resolve("launcher");
	}

	// the jar extracted into the cache as the launcher does it, again when the jar is
	// newer; into a fresh directory renamed into place, so that concurrent starts never
	// see half of it
	private static Path extracted(Path jar, String java) throws IOException, InterruptedException {
		Path cache = cache();
		Path app = cache.resolve("app");
		Path marker = app.resolve(".extracted");
		if (Files.exists(marker) && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(marker)) <= 0) {
			return app;
		}
		Files.createDirectories(cache);
		Path fresh = cache.resolve("app." + ProcessHandle.current().pid());
		Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", fresh.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			if (!extract.waitFor(5, TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				return null;
			}
			Files.createFile(fresh.resolve(".extracted"));
			Path old = cache.resolve("app.old." + ProcessHandle.current().pid());
			if (Files.exists(app)) {
				Files.move(app, old, StandardCopyOption.ATOMIC_MOVE);
			}
			Files.move(fresh, app, StandardCopyOption.ATOMIC_MOVE);
			delete(old);
			return app;
		}
		finally {
			// a concurrent start that put its extraction in place first wins
			delete(fresh);
		}
	}

	private static int runChild(String java, List<String> jvmOptions, Path app, String[] args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(archiveOptions(app, args));
		command.addAll(List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-D" + CHILD_PROPERTY + "=true"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", app.resolve("zoho-users-batch.jar").toString()));
		command.addAll(List.of(args));
		Process child = new ProcessBuilder(command).inheritIO().start();
		// SIGTERM and SIGINT end this JVM through its shutdown hooks: the child gets the
		// same signal and ends as it does under the launcher, and its exit code is ours
		Thread forward = new Thread(() -> {
			child.destroy();
			try {
				child.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Runtime.getRuntime().halt(child.exitValue());
		}, "zoho-fast-start-forward");
		Runtime.getRuntime().addShutdownHook(forward);
		int exitCode = child.waitFor();
		Runtime.getRuntime().removeShutdownHook(forward);
		return exitCode;
	}

	// the archive a previous run recorded at exit (one file per process, so that
	// concurrent runs never share a half-written one); the JVM checks an archive before
	// mapping it and ignores one that does not fit
	private static List<String> archiveOptions(Path app, String[] args) throws IOException {
		Path archive = app.resolve("classes.jsa");
		List<Path> recorded = recorded(app);
		if (!Files.exists(archive)) {
			for (Path file : recorded) {
				try {
					Files.move(file, archive, StandardCopyOption.ATOMIC_MOVE);
					break;
				}
				catch (IOException ex) {
					// another process took it
				}
			}
		}
		if (Files.exists(archive)) {
			for (Path file : recorded(app)) {
				Files.deleteIfExists(file);
			}
			return List.of("-XX:SharedArchiveFile=" + archive);
		}
		boolean records = Stream.of(args).anyMatch(RECORDING::contains);
		return records ? List.of("-XX:ArchiveClassesAtExit="
				+ app.resolve("classes-" + ProcessHandle.current().pid() + ".jsa").toString()) : List.of();
	}

	private static List<Path> recorded(Path app) throws IOException {
		try (Stream<Path> files = Files.list(app)) {
			return files.filter(file -> file.getFileName().toString().matches("classes-\\d+\\.jsa")).toList();
		}
	}

	// killed (SIGKILL) or not, when the JVM that started this one is gone, this one ends
	// as
	// on a SIGTERM: a scheduler that killed the process must not leave a run behind
	private static void watchParent() {
		ProcessHandle.current()
			.parent()
			.ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().exit(143)));
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
		}
	}

}
