package io.github.zohousersbatch.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import com.sun.security.auth.module.UnixSystem;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Directories and files that only their owner may read: the state directory (mode 700)
 * and the generated passwords (mode 600). The other accounts of the machine must neither
 * read a database password nor reach the embedded server's Unix socket. Used by the
 * features that keep a secret of their own in the state directory (the fleet's embedded
 * broker).
 */
public final class PrivateFiles {

	static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private static final SecureRandom RANDOM = new SecureRandom();

	private PrivateFiles() {
	}

	/**
	 * Creates the directory with mode 700, or checks an existing one
	 * ({@link #requireSafeDirectory}) and tightens it to 700 when it belongs to the
	 * current user.
	 */
	public static Path directory(Path directory) throws IOException {
		if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
			Files.createDirectories(directory, withPermissions(DIRECTORY));
		}
		requireSafeDirectory(directory);
		tighten(directory, DIRECTORY);
		return directory;
	}

	/**
	 * Creates the parent of {@code file} with mode 700 when it is missing; an existing
	 * one is checked ({@link #requireSafeDirectory}).
	 */
	static void parentOf(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (Files.notExists(parent, LinkOption.NOFOLLOW_LINKS)) {
			directory(parent);
		}
		requireSafeDirectory(parent);
	}

	/**
	 * Refuses (exit 2) a directory that is a symbolic link, or that neither the current
	 * user nor root owns, or that its group or others may write to: whoever can write
	 * there can plant the files this program trusts (as ssh and PostgreSQL refuse such
	 * directories).
	 */
	public static void requireSafeDirectory(Path directory) throws IOException {
		PosixFileAttributes attributes = attributes(directory);
		if (attributes == null) {
			return;
		}
		if (!attributes.isDirectory()) {
			throw refused(directory, "is not a directory");
		}
		requireOwnedAndUnwritable(directory, attributes, true);
	}

	/**
	 * Refuses (exit 2) a secret file that is a symbolic link or not a regular file, that
	 * another account owns, or that its group or others may write to.
	 */
	public static void requireOwnFile(Path file) throws IOException {
		PosixFileAttributes attributes = attributes(file);
		if (attributes == null) {
			return;
		}
		if (!attributes.isRegularFile()) {
			throw refused(file, "is not a regular file");
		}
		requireOwnedAndUnwritable(file, attributes, false);
	}

	private static PosixFileAttributes attributes(Path path) throws IOException {
		if (!posix()) {
			return null;
		}
		PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (attributes.isSymbolicLink()) {
			throw refused(path, "is a symbolic link (to " + Files.readSymbolicLink(path) + ")");
		}
		return attributes;
	}

	// the kernel's word: the JDK's UnixSystem answers 0 for a uid without a passwd entry
	// (a container's or setpriv's arbitrary uid)
	private static long processUid() throws IOException {
		Path status = Path.of("/proc/self/status");
		if (Files.isReadable(status)) {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith("Uid:")) {
					return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
				}
			}
		}
		return new UnixSystem().getUid();
	}

	private static void requireOwnedAndUnwritable(Path path, PosixFileAttributes attributes, boolean rootMayOwn)
			throws IOException {
		int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
		long me = processUid();
		if (owner != me && !(rootMayOwn && owner == 0)) {
			throw refused(path, "belongs to another account (uid " + owner + ", this process runs as uid " + me + ")");
		}
		Set<PosixFilePermission> permissions = attributes.permissions();
		if (permissions.contains(PosixFilePermission.GROUP_WRITE)
				|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
			throw refused(path,
					"may be written by its group or by others (" + PosixFilePermissions.toString(permissions) + ")");
		}
	}

	private static ZohoBatchException refused(Path path, String why) {
		return new ZohoBatchException(FailureReason.CONFIGURATION, "Refusing " + path + ": it " + why
				+ "; this program keeps its secrets and programs only where no other account can write (remove it, "
				+ "fix its owner and mode, or choose another directory, e.g. with ZOHO_STATEDIR)");
	}

	/**
	 * The secret kept in {@code file}: a random password (32 characters of base64url, 192
	 * bits) written with mode 600 on first use. Written to a private temporary file and
	 * linked into place, so that a concurrent process sees no file or a complete one, and
	 * the first secret created wins.
	 */
	public static Secret secret(Path file) throws IOException {
		boolean created = false;
		if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
			parentOf(file);
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp",
					withPermissions(FILE));
			try {
				byte[] random = new byte[24];
				RANDOM.nextBytes(random);
				Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
						StandardCharsets.US_ASCII);
				Files.createLink(file, temporary);
				created = true;
			}
			catch (FileAlreadyExistsException ex) {
				// another process created it first: use its secret
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		parentOf(file);
		requireOwnFile(file);
		tighten(file, FILE);
		String value = read(file);
		if (value.isEmpty()) {
			throw new IOException(file + " is empty");
		}
		return new Secret(value, created);
	}

	/**
	 * The text of a secret file, checked ({@link #requireOwnFile}) and read without
	 * following a link.
	 */
	static String read(Path file) throws IOException {
		requireOwnFile(file);
		try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
		}
	}

	private static void tighten(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (posix() && !Files.getPosixFilePermissions(path).equals(permissions)
				&& Files.getOwner(path).getName().equals(System.getProperty("user.name"))) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	/**
	 * These permissions as the attribute of a file or directory created with them, where
	 * the file system has POSIX permissions (none elsewhere).
	 */
	public static FileAttribute<?>[] withPermissions(Set<PosixFilePermission> permissions) {
		return posix() ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
				: new FileAttribute<?>[0];
	}

	/** Whether the default file system has POSIX permissions. */
	public static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * A generated secret.
	 *
	 * @param value the secret itself
	 * @param created whether this call created it (so that nothing uses it yet)
	 */
	public record Secret(String value, boolean created) {

		@Override
		public String toString() {
			return "Secret[created=" + this.created + "]";
		}

	}

}
