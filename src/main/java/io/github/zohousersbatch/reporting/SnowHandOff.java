package io.github.zohousersbatch.reporting;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.db.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands a completed run over to Snow Integration Manager: its {@link SnowFile} in the
 * connection's folder ({@link SnowExportProperties}), a file per run named so that the
 * files sort by time ({@code 20261207T101500Z-zoho-crm-NAME-run42.json}). The connector
 * reads every {@code .json} file of its folder, so the file is written under a name
 * without that extension ({@code .NAME.json.partial}, created new, never through a link)
 * and renamed once complete: the connector never reads half a file. Mode 640: the owner
 * writes, the group (the connector's account) reads.
 */
@Component
@EnableConfigurationProperties(SnowExportProperties.class)
public class SnowHandOff {

	private static final Logger log = LoggerFactory.getLogger(SnowHandOff.class);

	static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");

	private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-x---");

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private final SnowExportProperties properties;

	private final SnowFile snowFile;

	private final JdbcClient jdbc;

	SnowHandOff(SnowExportProperties properties, SnowFile snowFile, JdbcClient jdbc) {
		this.properties = properties;
		this.snowFile = snowFile;
		this.jdbc = jdbc;
	}

	/**
	 * Writes the run's file into the connection's folder, if it has one; returns the file
	 * and its counts.
	 */
	public Optional<HandedOver> handOver(String connectionName, long instanceId) {
		return this.properties.folderOf(connectionName).map(folder -> handOverTo(folder, connectionName, instanceId));
	}

	/** Writes the run's file into this folder, created (mode 750) if missing. */
	public HandedOver handOverTo(Path folder, String connectionName, long instanceId) {
		OffsetDateTime ended = this.jdbc.sql("select ended_at from zoho_aggregation_run where job_instance_id = ?")
			.param(instanceId)
			.query(OffsetDateTime.class)
			.single();
		String name = NAME_TIME.format(ended.withOffsetSameInstant(ZoneOffset.UTC)) + "-zoho-crm-" + connectionName
				+ "-run" + instanceId + ".json";
		Path target = folder.resolve(name);
		SnowFile.Counts counts = writeFile(folder, target, instanceId, connectionName);
		log.info("Handed run {} of connection '{}' over to Snow: {} ({} users, {} billable)", instanceId,
				connectionName, target, counts.users(), counts.billable());
		return new HandedOver(target, counts);
	}

	private SnowFile.Counts writeFile(Path folder, Path target, long instanceId, String connectionName) {
		Path partial = folder.resolve("." + target.getFileName() + ".partial");
		try {
			createFolder(folder);
			Files.deleteIfExists(partial);
			SnowFile.Counts counts;
			try (FileChannel channel = FileChannel.open(partial,
					Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PrivateFiles.withPermissions(FILE)); OutputStream out = Channels.newOutputStream(channel)) {
				counts = this.snowFile.write(connectionName, instanceId, out);
				out.flush();
				channel.force(true);
			}
			if (PrivateFiles.posix()) {
				// the umask may have taken the group's read
				Files.setPosixFilePermissions(partial, FILE);
			}
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return counts;
		}
		catch (IOException | UncheckedIOException ex) {
			deleteQuietly(partial);
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Cannot write the Snow file of connection '" + connectionName + "' into " + folder
							+ " (zoho.export.snow.folder): " + ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(partial);
			throw ex;
		}
	}

	private static void createFolder(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		Files.createDirectories(folder.getParent());
		Files.createDirectory(folder, PrivateFiles.withPermissions(FOLDER));
	}

	private static void deleteQuietly(Path partial) {
		try {
			Files.deleteIfExists(partial);
		}
		catch (IOException ex) {
			log.warn("Could not delete {}: {}", partial, ex.getMessage());
		}
	}

	/** A file handed over, and what it holds. */
	public record HandedOver(Path file, SnowFile.Counts counts) {
	}

}
