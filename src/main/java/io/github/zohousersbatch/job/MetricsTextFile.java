package io.github.zohousersbatch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.zohousersbatch.ConnectionName;
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

	private static final String PLACEHOLDER = "{connection}";

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
		Path file = file(this.properties.textfile(), connection);
		if (file == null) {
			log.error("Metrics of connection {} not written: with that name, zoho.metrics.textfile would lead out of "
					+ "its directory", ConnectionName.shown(connection));
			return;
		}
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

	/**
	 * The file of the connection, or null when the name would take the path out of the
	 * directory the template names before its first {@code {connection}}: the name may
	 * come from a database row, and the file is moved over whatever is there.
	 */
	static Path file(String template, String connection) {
		int placeholder = template.indexOf(PLACEHOLDER);
		if (placeholder < 0) {
			return Path.of(template);
		}
		if (!ConnectionName.isValid(connection)) {
			return null;
		}
		Path file = Path.of(template.replace(PLACEHOLDER, connection)).toAbsolutePath().normalize();
		Path directory = Path.of(template.substring(0, placeholder) + "x").toAbsolutePath().normalize().getParent();
		return file.startsWith(directory) && !file.equals(directory) ? file : null;
	}

	// node_exporter runs as another user; the file holds counts and timings, no secret
	private static void readableByAll(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

}
