package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * The key file used when {@code zoho.secret-key} is not set: created with owner-only permissions on first use.
 */
final class TokenKeyFile {

	private TokenKeyFile() {
	}

	/** The base64 key in {@code file}, creating the file with a new random key when there is none. */
	static String readOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				create(file);
			}
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Cannot read or create the token key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	// Written to a private temporary file and linked into place, so that a concurrent process either
	// sees no key file or a complete one, and the first key created wins.
	private static void create(Path file) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
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
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
