package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where the container image's root is staged outside a container: a directory every
 * account can enter, since the image's user reads it, and that only this account can
 * write to, since the image's start command runs what it holds.
 */
final class StagedRoot {

	private StagedRoot() {
	}

	/**
	 * {@code build/root} when other accounts can enter {@code build}; else the root in a
	 * temporary directory of this account's own, recorded in {@code build/root.location}
	 * for the next test JVM, which takes it only if it is still this account's own.
	 */
	static Path of(Path build) {
		try {
			if (othersCanEnter(build)) {
				return build.resolve("root");
			}
			Path location = build.resolve("root.location");
			if (Files.isRegularFile(location, LinkOption.NOFOLLOW_LINKS)) {
				Path recorded = Path.of(Files.readString(location).strip());
				if (ownOnly(recorded.getParent())) {
					return recorded;
				}
			}
			Path staged = Files.createTempDirectory("zoho-users-batch-image-");
			// created private; its content is what the image's user has to read
			Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.createDirectories(build);
			Files.writeString(location, staged.resolve("root").toString());
			return staged.resolve("root");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// every directory from / down to the build directory (as far as it exists) lets
	// others through
	static boolean othersCanEnter(Path build) throws IOException {
		for (Path directory = build; directory != null; directory = directory.getParent()) {
			if (Files.isDirectory(directory)
					&& !Files.getPosixFilePermissions(directory).contains(PosixFilePermission.OTHERS_EXECUTE)) {
				return false;
			}
		}
		return true;
	}

	// a real directory (not a link) of this account's, that no one else can write to
	static boolean ownOnly(Path directory) throws IOException {
		if (directory == null || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		UserPrincipal me = directory.getFileSystem()
			.getUserPrincipalLookupService()
			.lookupPrincipalByName(System.getProperty("user.name"));
		Set<PosixFilePermission> permissions = attributes.permissions();
		return attributes.owner().equals(me) && !permissions.contains(PosixFilePermission.GROUP_WRITE)
				&& !permissions.contains(PosixFilePermission.OTHERS_WRITE);
	}

}
