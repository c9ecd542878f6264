package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Where {@code authorize} listens for Zoho's redirect: the loopback addresses, port and
 * path of the connection's redirect URI. Only loopback URIs qualify, so the listener is
 * never reachable from another machine. For {@code localhost} it is both 127.0.0.1 and
 * ::1 (when the machine has IPv6 loopback): the browser may resolve localhost to either,
 * and an address left free could be taken by another local user to receive the grant
 * code.
 *
 * @param redirectUri the redirect URI as registered at Zoho and sent in the requests
 * @param addresses loopback addresses to bind, all with the port of the URI
 * @param path path of the callback
 */
record RedirectEndpoint(String redirectUri, List<InetSocketAddress> addresses, String path) {

	private static final byte[] IPV6_LOOPBACK = new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

	RedirectEndpoint {
		addresses = List.copyOf(addresses);
	}

	static RedirectEndpoint of(String connectionName, String redirectUri) {
		URI uri;
		try {
			uri = URI.create(redirectUri.trim());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(connectionName, redirectUri, "it is not a URI");
		}
		if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw invalid(connectionName, redirectUri, "it must look like http://localhost:8765/oauth/callback");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : 80;
		List<InetSocketAddress> addresses = loopback(connectionName, redirectUri, uri.getHost()).stream()
			.map(address -> new InetSocketAddress(address, port))
			.toList();
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return new RedirectEndpoint(redirectUri.trim(), addresses, path);
	}

	/**
	 * The address of 127.0.0.1's IPv6 twin, when this machine has it configured and Java
	 * may use IPv6.
	 */
	static Optional<InetAddress> ipv6Loopback() {
		try {
			InetAddress address = InetAddress.getByAddress("localhost", IPV6_LOOPBACK);
			boolean usable = !Boolean.getBoolean("java.net.preferIPv4Stack")
					&& NetworkInterface.getByInetAddress(address) != null;
			return usable ? Optional.of(address) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static List<InetAddress> loopback(String connectionName, String redirectUri, String host) {
		String name = host.toLowerCase(Locale.ROOT);
		try {
			if (name.equals("localhost")) {
				List<InetAddress> both = new ArrayList<>();
				both.add(InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 }));
				ipv6Loopback().ifPresent(both::add);
				return both;
			}
			InetAddress address = InetAddress
				.getByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
			if (isLiteral(name) && address.isLoopbackAddress()) {
				return List.of(address);
			}
		}
		catch (UnknownHostException ex) {
			// reported below like any other non-loopback host
		}
		throw invalid(connectionName, redirectUri, "authorize receives the redirect on this machine only, so its "
				+ "host must be localhost, 127.0.0.1 or [::1]; with a redirect URI on another host, authorize with a "
				+ "Self Client code instead (authorize --code)");
	}

	private static boolean isLiteral(String host) {
		return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
	}

	private static ZohoBatchException invalid(String connectionName, String redirectUri, String why) {
		return new ZohoBatchException(FailureReason.CONFIGURATION, "zoho.connections." + connectionName
				+ ".redirect-uri '" + redirectUri + "' cannot receive the authorization: " + why);
	}

}
