package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --summary-file PATH} of {@code run} and {@code restart}: the result as a JSON
 * {@link ExecutionReport}, written when the command ends however it ends, for schedulers
 * and tools that read a result rather than a log.
 */
class SummaryFileOption {

	private static final Logger log = LoggerFactory.getLogger(SummaryFileOption.class);

	@Option(names = "--summary-file", paramLabel = "PATH",
			description = "Write the result there as JSON (execution, status, exit code, counts, times, message), "
					+ "also when the command fails.")
	private Path path;

	/**
	 * Writes the summary; a failure to write is logged and leaves the command's exit code
	 * as it is.
	 */
	void write(Object report) {
		if (this.path == null) {
			return;
		}
		String json = Json.write(report) + System.lineSeparator();
		try {
			replace(json);
		}
		catch (IOException | RuntimeException ex) {
			log.error("Could not write the summary file {}: {}", this.path, ex.getMessage());
		}
	}

	// readers never see a half-written file: written beside it, then moved over it; in
	// place when the
	// directory does not allow that (e.g. Kubernetes' /dev/termination-log)
	private void replace(String json) throws IOException {
		Path target = this.path.toAbsolutePath();
		Path temporary;
		try {
			temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
		}
		catch (IOException ex) {
			Files.writeString(target, json, StandardCharsets.UTF_8);
			return;
		}
		try {
			Files.writeString(temporary, json, StandardCharsets.UTF_8);
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
