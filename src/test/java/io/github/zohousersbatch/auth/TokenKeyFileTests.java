package io.github.zohousersbatch.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.PlantedPaths;
import io.github.zohousersbatch.ZohoBatchException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token key file as another local account may have prepared it: its own key (the
 * tokens stored next would be encrypted for it), or a link to a file of its choosing.
 */
class TokenKeyFileTests {

	@TempDir
	Path directory;

	@Test
	void aNewKeyFileIsPrivateAndKeptForTheNextUse() throws Exception {
		// given
		Path file = this.directory.resolve("state/secret.key");

		// when
		String key = TokenKeyFile.readOrCreate(file);

		// then
		assertThat(TokenKeyFile.readOrCreate(file)).isEqualTo(key);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void aKeyFileOfAnotherAccountIsRefused() throws Exception {
		// given
		Path theirs = PlantedPaths.anotherAccountsFile(this.directory, "secret.key");

		// when / then
		assertRefused(theirs, () -> TokenKeyFile.readOrCreate(theirs));
	}

	@Test
	void aKeyFileThatIsASymbolicLinkIsNotFollowed() throws Exception {
		// given: a link to a private key file that another account could swap
		Path target = Files.writeString(this.directory.resolve("their.key"), "a2V5LW9mLWFub3RoZXItYWNjb3VudA==\n");
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
		Path link = Files.createSymbolicLink(this.directory.resolve("secret.key"), target);

		// when / then
		assertRefused(link, () -> TokenKeyFile.readOrCreate(link));
	}

	@Test
	void aKeyFileInADirectoryOthersMayWriteIsRefused() throws Exception {
		// given
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path file = shared.resolve("secret.key");

		// when / then
		assertRefused(shared, () -> TokenKeyFile.readOrCreate(file));
		assertThat(file).doesNotExist();
	}

	private static void assertRefused(Path path, ThrowingCallable use) {
		assertThatThrownBy(use).isInstanceOfSatisfying(ZohoBatchException.class, ex -> {
			assertThat(ex.reason()).isEqualTo(FailureReason.CONFIGURATION);
			assertThat(ex.getMessage()).startsWith(PlantedPaths.refusal(path));
		});
	}

}
