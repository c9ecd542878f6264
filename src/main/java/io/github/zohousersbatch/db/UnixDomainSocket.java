package io.github.zohousersbatch.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a Unix-domain {@link SocketChannel}, for pgJDBC, which speaks to
 * {@code Socket}s only (the JDK's own adaptor does not support Unix-domain channels). The
 * channel is non-blocking so that the read timeout pgJDBC sets ({@code setSoTimeout})
 * holds; the TCP options it sets have no meaning here and are only remembered.
 */
final class UnixDomainSocket extends Socket {

	private final Path path;

	private SocketChannel channel;

	private Selector readable;

	private Selector writable;

	private int timeout;

	private boolean tcpNoDelay;

	private boolean keepAlive;

	private boolean closed;

	UnixDomainSocket(Path path) {
		this.path = path;
	}

	/** Connects to the socket's path; the address (pgJDBC's host and port) is ignored. */
	@Override
	public synchronized void connect(SocketAddress ignored, int connectTimeout) throws IOException {
		if (this.closed) {
			throw new SocketException("Socket is closed");
		}
		SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			opened.connect(UnixDomainSocketAddress.of(this.path));
			opened.configureBlocking(false);
			this.readable = Selector.open();
			this.writable = Selector.open();
			opened.register(this.readable, SelectionKey.OP_READ);
			opened.register(this.writable, SelectionKey.OP_WRITE);
		}
		catch (IOException ex) {
			opened.close();
			closeSelectors();
			throw new SocketException("Cannot connect to " + this.path + ": " + ex.getMessage());
		}
		this.channel = opened;
	}

	@Override
	public void bind(SocketAddress local) throws IOException {
		throw new SocketException("A Unix socket has no local address to bind to");
	}

	@Override
	public InputStream getInputStream() throws IOException {
		SocketChannel open = open();
		return new InputStream() {

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
			}

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				if (length == 0) {
					return 0;
				}
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
				int read;
				while ((read = open.read(buffer)) == 0) {
					if (UnixDomainSocket.this.readable.select(UnixDomainSocket.this.timeout) == 0
							&& UnixDomainSocket.this.timeout > 0) {
						throw new SocketTimeoutException("Read timed out");
					}
					UnixDomainSocket.this.readable.selectedKeys().clear();
				}
				return read;
			}

		};
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		SocketChannel open = open();
		return new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
				while (buffer.hasRemaining()) {
					if (open.write(buffer) == 0) {
						UnixDomainSocket.this.writable.select();
						UnixDomainSocket.this.writable.selectedKeys().clear();
					}
				}
			}

		};
	}

	private synchronized SocketChannel open() throws SocketException {
		if (this.closed || this.channel == null) {
			throw new SocketException(this.closed ? "Socket is closed" : "Socket is not connected");
		}
		return this.channel;
	}

	@Override
	public synchronized void close() throws IOException {
		this.closed = true;
		try {
			if (this.channel != null) {
				this.channel.close();
			}
		}
		finally {
			closeSelectors();
		}
	}

	private void closeSelectors() throws IOException {
		try (Selector r = this.readable; Selector w = this.writable) {
			this.readable = null;
			this.writable = null;
		}
	}

	@Override
	public synchronized boolean isConnected() {
		return this.channel != null;
	}

	@Override
	public synchronized boolean isBound() {
		return this.channel != null;
	}

	@Override
	public synchronized boolean isClosed() {
		return this.closed;
	}

	@Override
	public synchronized void setSoTimeout(int timeout) {
		this.timeout = timeout;
	}

	@Override
	public synchronized int getSoTimeout() {
		return this.timeout;
	}

	@Override
	public void setTcpNoDelay(boolean on) {
		this.tcpNoDelay = on;
	}

	@Override
	public boolean getTcpNoDelay() {
		return this.tcpNoDelay;
	}

	@Override
	public void setKeepAlive(boolean on) {
		this.keepAlive = on;
	}

	@Override
	public boolean getKeepAlive() {
		return this.keepAlive;
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		setBuffer(StandardSocketOptions.SO_SNDBUF, size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return getBuffer(StandardSocketOptions.SO_SNDBUF);
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		setBuffer(StandardSocketOptions.SO_RCVBUF, size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return getBuffer(StandardSocketOptions.SO_RCVBUF);
	}

	private void setBuffer(SocketOption<Integer> option, int size) throws SocketException {
		try {
			open().setOption(option, size);
		}
		catch (IOException ex) {
			throw new SocketException(ex.getMessage());
		}
	}

	private int getBuffer(SocketOption<Integer> option) throws SocketException {
		try {
			return open().getOption(option);
		}
		catch (IOException ex) {
			throw new SocketException(ex.getMessage());
		}
	}

	@Override
	public String toString() {
		return "UnixDomainSocket[" + this.path + "]";
	}

}
