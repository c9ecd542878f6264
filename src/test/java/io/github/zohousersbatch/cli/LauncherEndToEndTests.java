package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher {@code jobs/zoho-users-batch} extracts the jar once per content, into a
 * directory of its own that it switches to atomically, keeps an extraction while a
 * process runs from it, and lets {@code JAVA_OPTS} choose the JIT and the collector.
 */
class LauncherEndToEndTests {

	// two builds of the same size that differ only in the content of one class-path file
	static final String MARKER = "launcher-build.txt";

	@TempDir
	static Path builds;

	static Path first;

	static Path second;

	@TempDir
	Path cache;

	@TempDir
	Path installation;

	@BeforeAll
	static void twoBuildsOfTheSameSize() throws IOException {
		first = build("build-one");
		second = build("build-two");
		assertThat(Files.size(first)).isEqualTo(Files.size(second));
	}

	@Test
	void aJarReplacedInPlaceWithItsTimeKeptIsExtractedAgain() throws Exception {
		// given: the first build installed and started once
		Path jar = this.installation.resolve("zoho-users-batch.jar");
		Files.copy(first, jar);
		assertThat(launcher(jar, Map.of(), "--help").exitCode()).isZero();
		assertThat(installedBuild()).isEqualTo("build-one");
		Object inode = Files.getAttribute(jar, "unix:ino");
		FileTime mtime = Files.getLastModifiedTime(jar);

		// when: upgraded as cp -p does it, written in place with the old file time
		try (OutputStream out = Files.newOutputStream(jar, StandardOpenOption.TRUNCATE_EXISTING)) {
			Files.copy(second, out);
		}
		Files.setLastModifiedTime(jar, mtime);
		JarProcess.Result upgraded = launcher(jar, Map.of(), "--help");

		// then
		assertThat(Files.getAttribute(jar, "unix:ino")).isEqualTo(inode);
		assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
		assertThat(installedBuild()).isEqualTo("build-two");
		assertThat(extractions()).hasSize(1);
	}

	@Test
	void twoStartsAtOnceShareOneCompleteExtraction() throws Exception {
		// when
		JarProcess.Running one = JarProcess.start(command("--help"), environment(first, Map.of()));
		JarProcess.Running other = JarProcess.start(command("--version"), environment(first, Map.of()));

		// then
		JarProcess.Result oneResult = one.await();
		JarProcess.Result otherResult = other.await();
		assertThat(oneResult.exitCode()).as(oneResult.output()).isZero();
		assertThat(oneResult.stdout()).contains("Usage: zoho-users-batch");
		assertThat(otherResult.exitCode()).as(otherResult.output()).isZero();
		assertThat(extractions()).singleElement()
			.satisfies(app -> assertThat(app.resolve(".extracted")).exists())
			.isEqualTo(this.cache.resolve("app").toRealPath());
		try (Stream<Path> files = Files.list(this.cache)) {
			assertThat(files.map(file -> file.getFileName().toString()))
				.noneMatch(name -> name.startsWith(".extracting"))
				.noneMatch(name -> name.startsWith(".app."));
		}
	}

	@Test
	void anExtractionAProcessRunsFromIsKeptUntilItEnds() throws Exception {
		// given: a JVM of the first build that waits (for a debugger) before running
		Path jar = this.installation.resolve("zoho-users-batch.jar");
		Files.copy(first, jar);
		JarProcess.Running waiting = JarProcess.start(command("--help"), environment(jar,
				Map.of("JAVA_OPTS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0")));
		await().atMost(Duration.ofMinutes(1)).until(() -> read(waiting.out()).contains("Listening for transport"));
		Path running = this.cache.resolve("app").toRealPath();

		// when: the second build installed and started while it waits
		Files.copy(second, jar, StandardCopyOption.REPLACE_EXISTING);
		JarProcess.Result upgraded = launcher(jar, Map.of(), "--help");

		// then: the new build is current, the old one still there for the waiting JVM
		assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
		assertThat(installedBuild()).isEqualTo("build-two");
		assertThat(running.resolve("zoho-users-batch.jar")).exists();

		// and once it has ended, the next start removes it
		waiting.kill();
		assertThat(launcher(jar, Map.of(), "--help").exitCode()).isZero();
		assertThat(running).doesNotExist();
		assertThat(extractions()).hasSize(1);
	}

	@Test
	void javaOptsChooseTheCollectorAndTheJitElseTheShortRunOnesApply() throws Exception {
		// when
		JarProcess.Result defaults = launcher(first, Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
		JarProcess.Result chosen = launcher(first,
				Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:+UseParallelGC -XX:+TieredCompilation"), "--version");

		// then
		assertThat(defaults.exitCode()).as(defaults.output()).isZero();
		assertThat(flag(defaults, "UseSerialGC")).isEqualTo("true");
		assertThat(flag(defaults, "TieredStopAtLevel")).isEqualTo("1");
		assertThat(chosen.exitCode()).as(chosen.output()).isZero();
		assertThat(flag(chosen, "UseSerialGC")).isEqualTo("false");
		assertThat(flag(chosen, "UseParallelGC")).isEqualTo("true");
		assertThat(flag(chosen, "TieredStopAtLevel")).isEqualTo("4");
	}

	@Test
	void aFlightRecordingRunsWithoutTheClassDataArchive() throws Exception {
		// given: an extraction with an archive that earlier runs recorded
		assertThat(launcher(first, Map.of(), "--version").exitCode()).isZero();
		Files.write(this.cache.resolve("app/classes.jsa"), new byte[] { 0 });
		Path recording = this.cache.resolveSibling(this.cache.getFileName() + ".jfr");

		// when
		JarProcess.Result plain = launcher(first, Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
		JarProcess.Result profiled = launcher(first,
				Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:StartFlightRecording=filename=" + recording),
				"--version");

		// then: Java 17 crashed mapping a recorded archive with a recording on
		assertThat(flagLine(plain, "SharedArchiveFile")).contains("classes.jsa");
		assertThat(profiled.exitCode()).as(profiled.output()).isZero();
		assertThat(flagLine(profiled, "SharedArchiveFile")).doesNotContain("classes.jsa");
		assertThat(recording).isNotEmptyFile();
	}

	private JarProcess.Result launcher(Path jar, Map<String, String> environment, String... args) throws Exception {
		return JarProcess.start(command(args), environment(jar, environment)).await();
	}

	private static List<String> command(String... args) {
		return Stream.concat(Stream.of("sh", "jobs/zoho-users-batch"), Stream.of(args)).toList();
	}

	private Map<String, String> environment(Path jar, Map<String, String> more) {
		Map<String, String> environment = new HashMap<>(more);
		environment.put("ZOHO_USERS_BATCH_JAR", jar.toString());
		environment.put("ZOHO_USERS_BATCH_CACHE", this.cache.toString());
		return environment;
	}

	// the marker as the current extraction's application jar holds it
	private String installedBuild() throws IOException {
		try (ZipFile app = new ZipFile(this.cache.resolve("app/zoho-users-batch.jar").toFile())) {
			try (InputStream marker = app.getInputStream(app.getEntry(MARKER))) {
				return new String(marker.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
	}

	private List<Path> extractions() throws IOException {
		try (Stream<Path> files = Files.list(this.cache)) {
			return files.filter(file -> file.getFileName().toString().startsWith("app-")).toList();
		}
	}

	private static String flagLine(JarProcess.Result result, String name) {
		return result.stdout()
			.lines()
			.filter(line -> line.trim().split("\\s+").length >= 2 && line.trim().split("\\s+")[1].equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static String flag(JarProcess.Result result, String name) {
		return result.stdout()
			.lines()
			.map(line -> line.trim().split("\\s+"))
			.filter(words -> words.length >= 4 && words[1].equals(name))
			.map(words -> words[3])
			.findFirst()
			.orElseThrow();
	}

	// the packaged jar with the marker added to its classes, entries kept as they are
	// (nested jars stored), so that the build extracts and runs as the real one
	private static Path build(String marker) throws IOException {
		Path jar = builds.resolve(marker + ".jar");
		try (ZipFile source = new ZipFile(JarProcess.JAR.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
			Enumeration<? extends ZipEntry> entries = source.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				ZipEntry copy = new ZipEntry(entry);
				if (copy.getMethod() == ZipEntry.DEFLATED) {
					copy.setCompressedSize(-1);
				}
				out.putNextEntry(copy);
				try (InputStream in = source.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
			byte[] content = marker.getBytes(StandardCharsets.UTF_8);
			ZipEntry entry = new ZipEntry("BOOT-INF/classes/" + MARKER);
			CRC32 crc = new CRC32();
			crc.update(content);
			entry.setMethod(ZipEntry.STORED);
			entry.setSize(content.length);
			entry.setCrc(crc.getValue());
			entry.setTime(0);
			out.putNextEntry(entry);
			out.write(content);
			out.closeEntry();
		}
		return jar;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
