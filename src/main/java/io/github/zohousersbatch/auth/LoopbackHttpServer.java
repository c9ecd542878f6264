package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The smallest HTTP/1.1 server that receives a browser's redirect: one request per
 * connection, answered with a page and closed ({@link HttpWire}). It exists instead of
 * the JDK's HttpServer because that one reads requests without a timeout of its own (only
 * JVM-wide system properties set one), so a connection that never completed its request
 * held the single handler thread and the genuine redirect waited behind it. Here a small
 * pool serves connections side by side, each connection must deliver its whole request
 * within the read timeout and in at most {@value HttpWire#MAX_HEAD_BYTES} bytes, and a
 * connection beyond the pool is closed at once.
 */
final class LoopbackHttpServer implements AutoCloseable {

	private static final int THREADS = 8;

	private final List<ServerSocket> listeners;

	private final Duration readTimeout;

	private final Handler handler;

	private final ThreadPoolExecutor pool;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private LoopbackHttpServer(List<ServerSocket> listeners, Duration readTimeout, Handler handler) {
		this.listeners = listeners;
		this.readTimeout = readTimeout;
		this.handler = handler;
		this.pool = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				runnable -> daemon(runnable, "zoho-authorization-callback"));
	}

	/**
	 * Listens on every address, all on the port of the first (its own, or the one chosen
	 * for port 0).
	 * @throws IOException when an address cannot be bound; none stays bound then
	 */
	static LoopbackHttpServer start(List<InetSocketAddress> addresses, Duration readTimeout, Handler handler)
			throws IOException {
		List<ServerSocket> listeners = new ArrayList<>();
		try {
			int port = addresses.get(0).getPort();
			for (InetSocketAddress address : addresses) {
				ServerSocket listener = new ServerSocket();
				listeners.add(listener);
				listener.bind(new InetSocketAddress(address.getAddress(), port), 16);
				port = listener.getLocalPort();
			}
		}
		catch (IOException ex) {
			listeners.forEach(LoopbackHttpServer::closeQuietly);
			throw ex;
		}
		LoopbackHttpServer server = new LoopbackHttpServer(listeners, readTimeout, handler);
		for (ServerSocket listener : listeners) {
			daemon(() -> server.accept(listener), "zoho-authorization-listener").start();
		}
		return server;
	}

	/** The addresses actually bound. */
	List<InetSocketAddress> addresses() {
		return this.listeners.stream().map(listener -> (InetSocketAddress) listener.getLocalSocketAddress()).toList();
	}

	private void accept(ServerSocket listener) {
		while (!listener.isClosed()) {
			try {
				Socket socket = listener.accept();
				this.open.add(socket);
				try {
					this.pool.execute(() -> serve(socket));
				}
				catch (RejectedExecutionException ex) {
					// every handler is busy: the browser retries, a flood only loses its
					// own connections
					this.open.remove(socket);
					closeQuietly(socket);
				}
			}
			catch (IOException ex) {
				// closed: the authorization is over
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			HttpWire.Response response;
			try {
				response = this.handler.handle(HttpWire.read(socket, this.readTimeout));
			}
			catch (SocketTimeoutException ex) {
				response = HttpWire.Response.plain(408, "The request did not arrive in time.");
			}
			catch (HttpWire.MalformedRequestException ex) {
				response = HttpWire.Response.plain(ex.status(), ex.getMessage());
			}
			try {
				HttpWire.answer(socket, response);
			}
			finally {
				response.then().run();
			}
		}
		catch (IOException ex) {
			// the browser went away; nothing to answer
		}
		finally {
			this.open.remove(socket);
		}
	}

	@Override
	public void close() {
		this.listeners.forEach(LoopbackHttpServer::closeQuietly);
		// blocking socket reads do not end on interrupt: closing the sockets ends them
		this.open.forEach(LoopbackHttpServer::closeQuietly);
		this.pool.shutdownNow();
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing is all that is left to do
		}
	}

	/** Answers one request; called from several threads at once. */
	@FunctionalInterface
	interface Handler {

		HttpWire.Response handle(HttpWire.Request request);

	}

}
