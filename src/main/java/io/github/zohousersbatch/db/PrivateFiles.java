package io.github.zohousersbatch.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

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
	 * Creates the directory with mode 700, or tightens an existing one to 700 when it
	 * belongs to the current user (one owned by another account is left as it is).
	 */
	public static Path directory(Path directory) throws IOException {
		if (Files.notExists(directory)) {
			Files.createDirectories(directory, ownerOnly(DIRECTORY));
		}
		tighten(directory, DIRECTORY);
		return directory;
	}

	/**
	 * Creates the parent of {@code file} with mode 700 when it is missing; an existing
	 * one is left as it is.
	 */
	static void parentOf(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (Files.notExists(parent)) {
			directory(parent);
		}
	}

	/**
	 * The secret kept in {@code file}: a random password (32 characters of base64url, 192
	 * bits) written with mode 600 on first use. Written to a private temporary file and
	 * linked into place, so that a concurrent process sees no file or a complete one, and
	 * the first secret created wins.
	 */
	public static Secret secret(Path file) throws IOException {
		boolean created = false;
		if (Files.notExists(file)) {
			parentOf(file);
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp",
					ownerOnly(FILE));
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
		tighten(file, FILE);
		String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
		if (value.isEmpty()) {
			throw new IOException(file + " is empty");
		}
		return new Secret(value, created);
	}

	private static void tighten(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (posix() && !Files.getPosixFilePermissions(path).equals(permissions)
				&& Files.getOwner(path).getName().equals(System.getProperty("user.name"))) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
		return posix() ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
				: new FileAttribute<?>[0];
	}

	private static boolean posix() {
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
