package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.PlantedPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher {@code jobs/zoho-users-batch} runs the jar and the class-data archive it
 * extracted into its cache: a cache or state directory another account owns or may write
 * to, or a link, would let it run their programs. Each is refused with exit 2 before
 * anything runs (the jar here is not even a jar: nothing gets that far).
 */
class LauncherCacheTests {

	@TempDir
	Path directory;

	@Test
	void aCacheOthersMayWriteIsRefused() throws Exception {
		// given
		Path cache = Files.createDirectory(this.directory.resolve("cache"));
		Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

		// when
		Launch launch = launch(Map.of("ZOHO_USERS_BATCH_CACHE", cache.toString()));

		// then
		assertThat(launch.exitCode()).isEqualTo(2);
		assertThat(launch.stderr()).contains("refusing the launcher cache " + cache + ": it must be a directory of "
				+ "this user that no group or other user may write to, not a symbolic link");
		assertThat(cache).isEmptyDirectory();
	}

	@Test
	void aCacheThatIsASymbolicLinkIsNotFollowed() throws Exception {
		// given
		Path target = Files.createDirectory(this.directory.resolve("target"));
		Path cache = Files.createSymbolicLink(this.directory.resolve("cache"), target);

		// when
		Launch launch = launch(Map.of("ZOHO_USERS_BATCH_CACHE", cache.toString()));

		// then
		assertThat(launch.exitCode()).isEqualTo(2);
		assertThat(launch.stderr()).contains("refusing the launcher cache " + cache);
		assertThat(target).isEmptyDirectory();
	}

	@Test
	void aStateDirectoryOfAnotherAccountIsRefused() throws Exception {
		// given: ZOHO_STATEDIR that another account created first
		Path theirs = PlantedPaths.anotherAccountsDirectory(this.directory);

		// when
		Launch launch = launch(Map.of("ZOHO_STATEDIR", theirs.toString()));

		// then
		assertThat(launch.exitCode()).isEqualTo(2);
		assertThat(launch.stderr()).contains("refusing the state directory " + theirs);
		assertThat(theirs.resolve("launcher")).doesNotExist();
	}

	@Test
	void aNewCacheIsPrivate() throws Exception {
		// given
		Path state = this.directory.resolve("state");

		// when: the fast start goes on to extract the "jar", fails, and runs it as it is
		launch(Map.of("ZOHO_STATEDIR", state.toString()));

		// then
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("launcher"))))
			.isEqualTo("rwx------");
	}

	private Launch launch(Map<String, String> environment) throws IOException, InterruptedException {
		Path notAJar = Files.writeString(this.directory.resolve("not-a.jar"), "not a jar");
		ProcessBuilder builder = new ProcessBuilder(List.of("sh", "jobs/zoho-users-batch", "status"))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().remove("ZOHO_USERS_BATCH_CACHE");
		builder.environment().remove("ZOHO_STATEDIR");
		builder.environment().putAll(Map.of("ZOHO_USERS_BATCH_JAR", notAJar.toString(), "JAVA", "false"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		return new Launch(process.exitValue(), stderr);
	}

	record Launch(int exitCode, String stderr) {

	}

}
