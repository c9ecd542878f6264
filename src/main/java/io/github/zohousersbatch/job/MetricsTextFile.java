package io.github.zohousersbatch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.zohousersbatch.metrics.MetricsProperties;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Writes the {@link RunMetrics} of one connection (the series labelled with it, so that
 * the files of a fleet's connections never hold the same series), in the Prometheus text
 * format, to {@code zoho.metrics.textfile} ({@code {connection}} in the path is replaced
 * by the connection name): write to a temporary file, then move, as the textfile
 * collector requires. Without the property nothing is written.
 */
@Component
@EnableConfigurationProperties(MetricsProperties.class)
class MetricsTextFile {

	private static final Logger log = LoggerFactory.getLogger(MetricsTextFile.class);

	private final RunMetrics metrics;

	private final MetricsProperties properties;

	MetricsTextFile(RunMetrics metrics, MetricsProperties properties) {
		this.metrics = metrics;
		this.properties = properties;
	}

	void write(String connection) {
		if (!this.properties.writesTextfile()) {
			return;
		}
		Path file = Path.of(this.properties.textfile().replace("{connection}", connection));
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
			Files.writeString(temporary, this.metrics.scrape(connection), StandardCharsets.UTF_8);
			readableByAll(temporary);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			log.warn("Metrics not written to {}: {}", file, ex.getMessage());
		}
	}

	// node_exporter runs as another user; the file holds counts and timings, no secret
	private static void readableByAll(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

}
