package io.github.zohousersbatch.db;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What another local account can run on the embedded PostgreSQL's port while the server
 * is stopped: a listener on the loopback addresses that speaks just enough of the
 * PostgreSQL protocol to ask every client for its password in clear text (declining TLS
 * and GSS first), which pgJDBC then sends, and keeps what it receives.
 */
final class PasswordCatcher implements AutoCloseable {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_REQUEST = 80877104;

	private static final int CLEARTEXT_PASSWORD = 3;

	private final List<ServerSocket> listeners = new ArrayList<>();

	private final List<String> passwords = new CopyOnWriteArrayList<>();

	private PasswordCatcher() {
	}

	/** Listens on {@code port} of 127.0.0.1 and, where the host has it, ::1. */
	static PasswordCatcher listen(int port) throws IOException {
		PasswordCatcher catcher = new PasswordCatcher();
		catcher.listenOn(InetAddress.getByName("127.0.0.1"), port);
		try {
			catcher.listenOn(InetAddress.getByName("::1"), port);
		}
		catch (IOException ex) {
			// no IPv6 loopback here: IPv4 is where "localhost" leads
		}
		return catcher;
	}

	/** The passwords received so far. */
	List<String> passwords() {
		return List.copyOf(this.passwords);
	}

	private void listenOn(InetAddress address, int port) throws IOException {
		ServerSocket listener = new ServerSocket();
		listener.bind(new InetSocketAddress(address, port));
		this.listeners.add(listener);
		Thread thread = new Thread(() -> accept(listener), "password-catcher-" + address.getHostAddress());
		thread.setDaemon(true);
		thread.start();
	}

	private void accept(ServerSocket listener) {
		while (!listener.isClosed()) {
			try (Socket client = listener.accept()) {
				catchPassword(new DataInputStream(client.getInputStream()),
						new DataOutputStream(client.getOutputStream()));
			}
			catch (IOException ex) {
				// the client gave up, or the catcher was closed
			}
		}
	}

	private void catchPassword(DataInputStream in, DataOutputStream out) throws IOException {
		int length = in.readInt();
		int code = in.readInt();
		while (code == SSL_REQUEST || code == GSS_REQUEST) {
			out.writeByte('N');
			out.flush();
			length = in.readInt();
			code = in.readInt();
		}
		in.skipNBytes(length - 8);
		out.writeByte('R');
		out.writeInt(8);
		out.writeInt(CLEARTEXT_PASSWORD);
		out.flush();
		if (in.readByte() == 'p') {
			byte[] password = new byte[in.readInt() - 4];
			in.readFully(password);
			// a C string
			this.passwords.add(new String(password, 0, password.length - 1, StandardCharsets.UTF_8));
		}
	}

	@Override
	public void close() throws IOException {
		for (ServerSocket listener : this.listeners) {
			listener.close();
		}
	}

}
