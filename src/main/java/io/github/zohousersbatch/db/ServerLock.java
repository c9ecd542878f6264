package io.github.zohousersbatch.db;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * Who uses an embedded server, told by locks on a file beside its data directory, so that
 * the server stops only when nobody uses it (a process waiting for a browser holds no
 * database session). Every process that started or joined the server holds a shared lock
 * on byte 0 until it leaves; starting, joining and stopping happen under an exclusive
 * lock on byte 1, the gate. The last process out takes byte 0 exclusively, which succeeds
 * only when no other process holds it, and only then stops the server. A process that
 * dies loses its locks with it (the operating system releases them). Within one JVM,
 * where file locks may not overlap, the users are counted.
 */
final class ServerLock {

	private static final long IN_USE = 0;

	private static final long GATE = 1;

	private static final Map<Path, ServerLock> IN_THIS_JVM = new HashMap<>();

	private final Path file;

	private final FileChannel channel;

	private FileLock inUse;

	private Closeable startedHere;

	private int users;

	private ServerLock(Path file, FileChannel channel) {
		this.file = file;
		this.channel = channel;
	}

	/**
	 * Runs {@code startOrJoin} while no other process can start or stop the server
	 * (waiting while one does), and counts one more user of the server.
	 */
	static ServerLock enter(Path lockFile, StartOrJoin startOrJoin) throws IOException {
		// one entry per file, however it is named: a second channel of this JVM on the
		// same file could not take the locks the first holds
		Path file = lockFile.toAbsolutePath().normalize();
		synchronized (IN_THIS_JVM) {
			ServerLock lock = IN_THIS_JVM.get(file);
			boolean first = (lock == null);
			if (first) {
				lock = new ServerLock(file, open(file));
			}
			try (FileLock gate = lock.channel.lock(GATE, 1, false)) {
				if (first) {
					lock.inUse = lock.channel.lock(IN_USE, 1, true);
				}
				Closeable started = startOrJoin.run();
				if (started != null) {
					lock.startedHere = started;
				}
			}
			catch (IOException | RuntimeException ex) {
				if (first) {
					lock.channel.close();
				}
				throw ex;
			}
			lock.users++;
			IN_THIS_JVM.put(file, lock);
			return lock;
		}
	}

	/**
	 * Counts one user less; the last one of this JVM releases its shared lock and, when
	 * no other process holds one, calls {@code stop} under the gate.
	 */
	void leave(Stop stop) throws IOException {
		synchronized (IN_THIS_JVM) {
			if (--this.users > 0) {
				return;
			}
			IN_THIS_JVM.remove(this.file);
			try (FileChannel open = this.channel; FileLock gate = open.lock(GATE, 1, false)) {
				this.inUse.release();
				try (FileLock alone = open.tryLock(IN_USE, 1, false)) {
					if (alone != null) {
						stop.stop(this.startedHere);
					}
				}
			}
		}
	}

	private static FileChannel open(Path file) throws IOException {
		PrivateFiles.parentOf(file);
		if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
			try {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
			}
			catch (FileAlreadyExistsException ex) {
				// another process created it: the same lock file
			}
			catch (UnsupportedOperationException ex) {
				Files.createFile(file);
			}
		}
		// another account's lock file could hold every process back
		PrivateFiles.requireOwnFile(file);
		// a shared lock needs a channel open for reading, an exclusive one for writing
		return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Starts the server or joins it; returns what stops it when it was started here, null
	 * when joined.
	 */
	@FunctionalInterface
	interface StartOrJoin {

		Closeable run() throws IOException;

	}

	/** Stops the server that nobody else uses (given what started it here, or null). */
	@FunctionalInterface
	interface Stop {

		void stop(Closeable startedHere) throws IOException;

	}

}
