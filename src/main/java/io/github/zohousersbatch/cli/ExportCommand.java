package io.github.zohousersbatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
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
				+ "status, status_reason, old_id, old_name, new_id, new_name" })
class ExportCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, paramLabel = "NAME",
			description = "Only this connection (default: all).")
	private String connection;

	@Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv or json.")
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
			UserExport export = spring.bean(UserExport.class);
			if (this.changes != null && !export.isCompletedRun(this.connection, this.changes)) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION,
						"No completed run " + this.changes
								+ ((this.connection != null) ? " of connection '" + this.connection + "'" : "")
								+ " (see: history)");
			}
			if (this.output == null) {
				Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
				write(export, out);
				out.flush();
			}
			else {
				writeFile(export);
			}
			return 0;
		}
	}

	private long write(UserExport export, Writer out) {
		UserExport.Rows rows = (this.format == ExportFormat.CSV) ? new CsvRows(out) : new JsonRows(out);
		return (this.changes != null) ? export.changes(this.changes, rows) : export.activeUsers(this.connection, rows);
	}

	// beside the target, then moved over it: a failed export leaves the old file, never
	// half a new one
	private void writeFile(UserExport export) throws IOException {
		Path target = this.output.toAbsolutePath();
		Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
		removeLeftover(partial);
		try {
			long rows;
			try (Writer out = new BufferedWriter(Channels.newWriter(createNew(partial), StandardCharsets.UTF_8))) {
				rows = write(export, out);
			}
			try {
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
			}
			System.err.println("Exported " + rows + " rows to " + target);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
	}

	// one channel, created by this call and never through a link, so that nothing put
	// at that path by another account (a link to a file of ours) receives the users
	private static SeekableByteChannel createNew(Path partial) throws IOException {
		Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
				LinkOption.NOFOLLOW_LINKS);
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return Files.newByteChannel(partial, options,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		return Files.newByteChannel(partial, options);
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

	/** What {@code --format} accepts. */
	enum ExportFormat {

		CSV, JSON

	}

}
