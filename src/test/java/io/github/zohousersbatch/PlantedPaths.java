package io.github.zohousersbatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.sun.security.auth.module.UnixSystem;

/**
 * What another local account leaves where this program keeps its files: as root (as in a
 * container), a directory or file handed to uid 65534 ({@code nobody}); as any other
 * user, who cannot give a file away, the shared {@code /tmp} (root's, writable by all)
 * and root's own {@code /etc/passwd}.
 */
public final class PlantedPaths {

	/** The account the tests plant as, when they run as root. */
	public static final int NOBODY = 65534;

	private PlantedPaths() {
	}

	public static boolean root() {
		return new UnixSystem().getUid() == 0;
	}

	/**
	 * A directory of another account, inside {@code parent} when the tests run as root.
	 */
	public static Path anotherAccountsDirectory(Path parent) throws IOException {
		if (!root()) {
			return Path.of("/tmp");
		}
		Path directory = Files.createDirectories(parent.resolve("theirs"));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setAttribute(directory, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
		return directory;
	}

	/** A file of another account, inside {@code parent} when the tests run as root. */
	public static Path anotherAccountsFile(Path parent, String name) throws IOException {
		if (!root()) {
			return Path.of("/etc/passwd");
		}
		Path file = Files.writeString(parent.resolve(name), "the-password-of-another-account\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		Files.setAttribute(file, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
		return file;
	}

	/** The message of a refusal of {@code path}. */
	public static String refusal(Path path) {
		return "Refusing " + path + ": it ";
	}

}
