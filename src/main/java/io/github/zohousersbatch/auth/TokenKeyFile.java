package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.db.PrivateFiles;

/**
 * The key file used when {@code zoho.secret-key} is not set: created with owner-only
 * permissions on first use, and refused when group or others may read or write it, as ssh
 * refuses such a private key: whoever reads the key decrypts the stored tokens, and
 * whoever writes it can make this program encrypt new tokens with a key of theirs.
 */
final class TokenKeyFile {

	private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private TokenKeyFile() {
	}

	/**
	 * The base64 key in {@code file}, creating the file with a new random key when there
	 * is none.
	 */
	static String readOrCreate(Path file) {
		try {
			if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
				create(file);
			}
			// neither a link nor a file another account planted or may write
			PrivateFiles.requireSafeDirectory(file.toAbsolutePath().getParent());
			PrivateFiles.requireOwnFile(file);
			requireOwnerOnly(file);
			try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
				return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			}
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Cannot read or create the token key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	// checked at every use, not only at creation: a later chmod, copy or restore from
	// backup can open it up
	private static void requireOwnerOnly(Path file) throws IOException {
		if (!isPosix(file)) {
			return;
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
		if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"The token key file " + file + " may be read or " + "written by other users (permissions "
							+ PosixFilePermissions.toString(permissions) + "), and "
							+ "whoever reads it can decrypt the stored tokens: make it private to its owner (chmod 600 "
							+ file + "), or give the key as zoho.secret-key instead");
		}
	}

	// Written to a private temporary file and linked into place, so that a concurrent
	// process either
	// sees no key file or a complete one, and the first key created wins.
	private static void create(Path file) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		PrivateFiles.directory(directory);
		Path temporary = Files.createTempFile(directory, ".secret", ".tmp", ownerOnly(directory));
		try {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
			Files.createLink(file, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			// another process created it first: use its key
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static FileAttribute<?>[] ownerOnly(Path directory) {
		return isPosix(directory)
				? new FileAttribute<?>[] {
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
