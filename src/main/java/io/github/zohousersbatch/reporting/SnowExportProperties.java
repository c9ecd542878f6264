package io.github.zohousersbatch.reporting;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each completed run hands its Snow SaaS - Generic file over
 * ({@code zoho.export.snow.*}): the folder a Snow Integration Manager connector instance
 * reads, one per connection.
 *
 * @param folder the folder of every connection's files; {@code {connection}} in it is
 * replaced by the connection's name (for example {@code /srv/snow/{connection}}), so that
 * each connection has the folder of its own connector instance
 * @param folders a folder per connection, by name, which wins over {@code folder}
 */
@ConfigurationProperties("zoho.export.snow")
public record SnowExportProperties(String folder, Map<String, Path> folders) {

	/** Connection names that may go into a path: no separator, no dot, no space. */
	static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	static final String PLACEHOLDER = "{connection}";

	public SnowExportProperties {
		folders = (folders != null) ? Map.copyOf(folders) : Map.of();
	}

	/** The connection's folder, or empty when its runs hand nothing over. */
	public Optional<Path> folderOf(String connectionName) {
		Path own = this.folders.get(connectionName);
		if (own != null) {
			return Optional.of(own.toAbsolutePath().normalize());
		}
		if (this.folder == null || this.folder.isBlank()) {
			return Optional.empty();
		}
		if (!this.folder.contains(PLACEHOLDER)) {
			return Optional.of(Path.of(this.folder).toAbsolutePath().normalize());
		}
		if (!SAFE_NAME.matcher(connectionName).matches()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Connection name '" + connectionName
					+ "' cannot go into zoho.export.snow.folder: a name there is 1 to 64 letters, digits, - or _; "
					+ "give the connection its folder with zoho.export.snow.folders." + connectionName);
		}
		Path template = Path.of(this.folder.replace(PLACEHOLDER, "_")).toAbsolutePath().normalize();
		Path resolved = Path.of(this.folder.replace(PLACEHOLDER, connectionName)).toAbsolutePath().normalize();
		// a name that the pattern lets through cannot climb; this holds the line if it
		// changes
		if (resolved.getNameCount() != template.getNameCount() || !resolved.getRoot().equals(template.getRoot())) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"zoho.export.snow.folder resolves outside its directory for connection '" + connectionName + "'");
		}
		return Optional.of(resolved);
	}

}
