package io.github.zohousersbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.zohousersbatch.PlantedPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command given a state directory that another account created first (for example
 * {@code ZOHO_STATEDIR=/tmp/zoho}) refuses it with exit 2 and one line, before it keeps a
 * key, a password or a database there.
 */
class PlantedStateDirectoryTests {

	@TempDir
	Path directory;

	@Test
	void aCommandRefusesAStateDirectoryOfAnotherAccountWithExit2() throws Exception {
		// given
		Path theirs = PlantedPaths.anotherAccountsDirectory(this.directory);
		PrintStream err = System.err;
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
		int exitCode;
		try {
			// when
			exitCode = ZohoUsersBatchCli.execute("status", "--zoho.state-dir=" + theirs);
		}
		finally {
			System.setErr(err);
		}

		// then
		assertThat(exitCode).isEqualTo(2);
		assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(PlantedPaths.refusal(theirs));
		assertThat(theirs.resolve("postgres")).doesNotExist();
	}

}
