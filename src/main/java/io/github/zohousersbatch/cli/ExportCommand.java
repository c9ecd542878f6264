package io.github.zohousersbatch.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.db.PrivateFiles;
import io.github.zohousersbatch.reporting.SnowFile;
import io.github.zohousersbatch.reporting.UserExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code export}: the current active users, or the changes of one run, as CSV or JSON for
 * tools that do not speak SQL. Rows stream from the database to the output, and a file
 * appears only once complete.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = {
		"Write the active users (or, with --changes, what one run changed) as CSV or JSON.",
		"Columns, in this order (new ones are only ever added at the end):",
		"  users:   connection_name, zoho_user_id, email, full_name, first_name, last_name, status, user_type, "
				+ "consumes_licence, confirmed, profile_id, profile_name, role_id, role_name, zuid, "
				+ "status_reason, time_zone, zoho_created_time, zoho_modified_time, first_seen_at, " + "last_seen_at",
		"  changes: connection_name, job_instance_id, run_ended_at, zoho_user_id, email, full_name, change, "
				+ "status, status_reason, old_id, old_name, new_id, new_name",
		"--format snow writes one connection's latest completed run as a file of Snow Integration Manager's "
				+ "SaaS - Generic connector: every user Zoho returned, and the edition's subscription." })
class ExportCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, paramLabel = "NAME",
			description = "Only this connection (default: all).")
	private String connection;

	@Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, json or snow.")
	private ExportFormat format;

	@Option(names = "--output", paramLabel = "FILE",
			description = "Write to this file (readable by its owner only), replaced only once the export is "
					+ "complete; default: standard output.")
	private Path output;

	@Option(names = "--changes", paramLabel = "RUN",
			description = "Export what this completed run (job instance id, as in history) changed instead of the "
					+ "active users.")
	private Long changes;

	@Override
	public Integer call() throws IOException {
		try (SpringSession spring = this.root.startSpring()) {
			if (this.format == ExportFormat.SNOW) {
				return exportSnow(spring.bean(SnowFile.class));
			}
			UserExport export = spring.bean(UserExport.class);
			if (this.changes != null && !export.isCompletedRun(this.connection, this.changes)) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION,
						"No completed run " + this.changes
								+ ((this.connection != null) ? " of connection '" + this.connection + "'" : "")
								+ " (see: history)");
			}
			long rows = output(out -> {
				Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
				long written = write(export, writer);
				writer.flush();
				return written;
			});
			if (this.output != null) {
				System.err.println("Exported " + rows + " rows to " + this.output.toAbsolutePath());
			}
			return 0;
		}
	}

	private long write(UserExport export, Writer out) {
		UserExport.Rows rows = (this.format == ExportFormat.CSV) ? new CsvRows(out) : new JsonRows(out);
		return (this.changes != null) ? export.changes(this.changes, rows) : export.activeUsers(this.connection, rows);
	}

	private int exportSnow(SnowFile snowFile) throws IOException {
		if (this.connection == null || this.changes != null) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"export --format snow writes the latest completed run of one connection: give --connection NAME "
							+ "(and no --changes)");
		}
		long run = snowFile.latestCompletedRun(this.connection)
			.orElseThrow(() -> new ZohoBatchException(FailureReason.CONFIGURATION,
					"Connection '" + this.connection + "' has no completed run (see: status)"));
		SnowFile.Counts[] counts = { null };
		output(out -> {
			counts[0] = snowFile.write(this.connection, run, out);
			out.flush();
			return counts[0].users();
		});
		System.err.println("Exported run " + run + " of connection '" + this.connection + "' for Snow: "
				+ counts[0].users() + " users, " + counts[0].billable() + " billable"
				+ ((this.output != null) ? ", to " + this.output.toAbsolutePath() : ""));
		return 0;
	}

	// standard output, or a file that appears only once complete
	private long output(Export export) throws IOException {
		if (this.output == null) {
			OutputStream out = new FilterOutputStream(System.out) {

				@Override
				public void write(byte[] bytes, int offset, int length) {
					System.out.write(bytes, offset, length);
				}

				@Override
				public void close() {
					// standard output stays open for the exit message
					System.out.flush();
				}

			};
			return export.to(out);
		}
		return writeFile(export);
	}

	// beside the target, then moved over it: a failed export leaves the old file, never
	// half a new one; the partial file is created new, never through a link another
	// account planted
	private long writeFile(Export export) throws IOException {
		Path target = this.output.toAbsolutePath();
		Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
		removeLeftover(partial);
		try {
			long rows;
			try (FileChannel channel = FileChannel.open(partial,
					Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
					PrivateFiles.withPermissions(PosixFilePermissions.fromString("rw-------")));
					OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
				rows = export.to(out);
			}
			try {
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
			}
			return rows;
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
	}

	// what a crashed export of this account left is removed; a link or a file of
	// another account is not ours to remove or write through
	private static void removeLeftover(Path partial) throws IOException {
		if (!Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		boolean ours = Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)
				&& Files.getOwner(partial, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
		if (!ours) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Cannot export to " + partial.getParent() + ": "
					+ partial + " exists and is not a file of this account (a symbolic link, a directory or "
					+ "another account's file); remove it, or export to a directory only this account can write");
		}
		Files.delete(partial);
	}

	/** Writes an export to a stream; returns the rows (users) written. */
	@FunctionalInterface
	private interface Export {

		long to(OutputStream out) throws IOException;

	}

	/** What {@code --format} accepts. */
	enum ExportFormat {

		CSV, JSON, SNOW

	}

}
