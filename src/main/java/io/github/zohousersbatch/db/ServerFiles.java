package io.github.zohousersbatch.db;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.LoggerFactory;

/**
 * Where an embedded server keeps what does not belong in its data directory {@code D}:
 * beside it, named after it. For the default {@code ~/.zoho-users-batch/postgres}: the
 * superuser's password {@code postgres.password} (mode 600), the lock file of its users
 * {@code postgres.lock}, the private directory of its Unix socket {@code postgres-socket}
 * (mode 700), and the private directory the PostgreSQL binaries are extracted into
 * {@code postgres-binaries} (mode 700: in a directory others can write to, such as
 * {@code /tmp}, another account could put its own programs in their place before they
 * run).
 *
 * @param dataDirectory the data directory, absolute
 */
record ServerFiles(Path dataDirectory) {

	/**
	 * Longest Unix socket path, in bytes, that every platform takes: {@code sun_path}
	 * holds 108 bytes on Linux and 104 on macOS, the terminating zero included
	 * (PostgreSQL: unix_socket_directories).
	 */
	static final int MAX_SOCKET_PATH = 103;

	ServerFiles {
		dataDirectory = dataDirectory.toAbsolutePath().normalize();
	}

	Path passwordFile() {
		return sibling(".password");
	}

	Path lockFile() {
		return sibling(".lock");
	}

	Path socketDirectory() {
		return sibling("-socket");
	}

	/** The server's Unix socket on {@code port}, in the private socket directory. */
	Path socket(int port) {
		return socketDirectory().resolve(".s.PGSQL." + port);
	}

	/**
	 * The pgJDBC properties of a connection through the server's Unix socket on
	 * {@code port} ({@link PrivateSocketFactory}), never TCP: the only way the superuser
	 * connects. TLS and GSS are not asked for: nothing but our server can listen there.
	 */
	Map<String, String> socketProperties(int port) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("sslmode", "disable");
		properties.put("gssEncMode", "disable");
		properties.put("socketFactory", PrivateSocketFactory.class.getName());
		properties.put("socketFactoryArg", socket(port).toString());
		return properties;
	}

	/** {@link #socketProperties(int)} as a pgJDBC URL. */
	String socketUrl(int port) {
		StringJoiner url = new StringJoiner("&", "jdbc:postgresql://localhost:" + port + "/postgres?", "");
		socketProperties(port)
			.forEach((name, value) -> url.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return url.toString();
	}

	Path binariesDirectory() {
		return sibling("-binaries");
	}

	/**
	 * The socket directory, unless the socket's path would be too long, or unsafe to
	 * write into the server's configuration; then the server has no Unix socket.
	 */
	Optional<Path> usableSocketDirectory(int port) {
		String directory = socketDirectory().toString();
		String socket = directory + "/.s.PGSQL." + port;
		boolean safe = directory.chars().noneMatch(c -> c == '\'' || c == '"' || c == '\\' || c < ' ');
		return (safe && socket.getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH)
				? Optional.of(socketDirectory()) : Optional.empty();
	}

	/**
	 * The superuser's password, when its file exists; a file another account could have
	 * planted is refused ({@link PrivateFiles#read}).
	 */
	Optional<String> password() {
		try {
			return Files.exists(passwordFile(), LinkOption.NOFOLLOW_LINKS)
					? Optional.of(PrivateFiles.read(passwordFile())) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The process id of the postmaster serving this data directory on {@code port}, when
	 * one is alive ({@code postmaster.pid}: the pid on its first line, the port on its
	 * fourth).
	 */
	Optional<ProcessHandle> postmaster(int port) {
		try {
			List<String> lines = Files.readAllLines(this.dataDirectory.resolve("postmaster.pid"));
			if (lines.size() < 4 || !lines.get(3).trim().equals(String.valueOf(port))) {
				return Optional.empty();
			}
			return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Stops the postmaster serving this data directory on {@code port}, which another
	 * process started, and waits until it has gone, so that the next start finds the port
	 * free. SIGTERM: PostgreSQL's smart shutdown.
	 */
	void stopPostmaster(int port) {
		Optional<ProcessHandle> postmaster = postmaster(port);
		if (postmaster.isPresent() && postmaster.get().destroy()) {
			try {
				postmaster.get().onExit().get(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				LoggerFactory.getLogger(ServerFiles.class)
					.warn("The embedded PostgreSQL (pid {}) did not stop within a minute", postmaster.get().pid());
			}
		}
	}

	private Path sibling(String suffix) {
		return this.dataDirectory.resolveSibling(this.dataDirectory.getFileName() + suffix);
	}

}
