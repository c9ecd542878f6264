package io.github.zohousersbatch.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;

import javax.net.SocketFactory;

/**
 * The pgJDBC socket factory ({@code socketFactory}, with the socket's path as
 * {@code socketFactoryArg}) that connects to the embedded PostgreSQL through its Unix
 * socket in the private socket directory, whatever host and port the URL names. Only the
 * account that owns that directory can create a socket there, so a password sent this way
 * reaches our server and nothing else: a local account that binds the TCP port between
 * two runs never sees a connection (pgJDBC: Connecting through a custom socket factory;
 * JEP 380, Unix-domain socket channels).
 */
public final class PrivateSocketFactory extends SocketFactory {

	private final Path socket;

	/** The factory pgJDBC instantiates, given {@code socketFactoryArg}. */
	public PrivateSocketFactory(String socketPath) {
		this.socket = Path.of(socketPath);
	}

	@Override
	public Socket createSocket() {
		return new UnixDomainSocket(this.socket);
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected();
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		throw new SocketException("A Unix socket has no local address to bind to");
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected();
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		throw new SocketException("A Unix socket has no local address to bind to");
	}

	private Socket connected() throws IOException {
		Socket connected = createSocket();
		connected.connect(null, 0);
		return connected;
	}

}
