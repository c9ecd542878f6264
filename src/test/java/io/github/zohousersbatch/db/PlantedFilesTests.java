package io.github.zohousersbatch.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.PlantedPaths;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What another local account may have put where the embedded PostgreSQL keeps its files
 * before this program first ran: a password file of its choosing, a data directory (with
 * a {@code postgresql.conf} of its own), a directory for the binaries, or links to any of
 * these. Each is refused before it is used; no server starts.
 */
class PlantedFilesTests {

	@TempDir
	Path directory;

	@Test
	void aPasswordFileOfAnotherAccountIsNeverRead() throws Exception {
		// given
		Path theirs = PlantedPaths.anotherAccountsFile(this.directory, "postgres.password");

		// when / then
		assertRefused(theirs, () -> PrivateFiles.secret(theirs));
	}

	@Test
	void aPasswordFileItsGroupMayWriteIsRefused() throws Exception {
		// given
		Path file = Files.writeString(this.directory.resolve("postgres.password"), "chosen-by-the-group\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));

		// when / then
		assertRefused(file, () -> PrivateFiles.secret(file));
	}

	@Test
	void aPasswordFileThatIsASymbolicLinkIsNotFollowed() throws Exception {
		// given: a link to a private file, the attacker's choice of what we read or write
		Path target = Files.writeString(this.directory.resolve("target"), "a-password-of-their-choice\n");
		Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
		Path link = Files.createSymbolicLink(this.directory.resolve("postgres.password"), target);

		// when / then
		assertRefused(link, () -> PrivateFiles.secret(link));
	}

	@Test
	void aDataDirectoryOfAnotherAccountIsRefusedBeforeTheServerStarts() throws Exception {
		// given: the data directory another account created first, e.g. under /tmp
		Path theirs = PlantedPaths.root() ? PlantedPaths.anotherAccountsDirectory(this.directory)
				: Files.createSymbolicLink(this.directory.resolve("theirs"), Path.of("/usr"));

		// when / then
		assertRefused(theirs, () -> EmbeddedDatabase.startOrJoin(theirs, TestDatabase.freePort()));
		assertThat(theirs.resolve("postgresql.conf")).doesNotExist();
	}

	@Test
	void aBinariesDirectoryThatIsASymbolicLinkIsNotFollowed() throws Exception {
		// given: where the postgres programs would be extracted (and run from), a link to
		// a directory of someone else's programs
		Path data = this.directory.resolve("postgres");
		Path binaries = Files.createSymbolicLink(this.directory.resolve("postgres-binaries"),
				Files.createDirectory(this.directory.resolve("elsewhere")));

		// when / then
		assertRefused(binaries, () -> EmbeddedDatabase.startOrJoin(data, TestDatabase.freePort()));
		assertThat(this.directory.resolve("elsewhere")).isEmptyDirectory();
	}

	private static void assertRefused(Path path, ThrowingCallable use) {
		assertThatThrownBy(use).isInstanceOfSatisfying(ZohoBatchException.class, ex -> {
			assertThat(ex.reason()).isEqualTo(FailureReason.CONFIGURATION);
			assertThat(ex.getMessage()).startsWith(PlantedPaths.refusal(path))
				.doesNotContain("the-password-of-another-account", "a-password-of-their-choice");
		});
	}

}
