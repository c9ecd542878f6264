package io.github.zohousersbatch.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Where {@code authorize} listens for Zoho's redirect: the loopback address, port and path of the connection's
 * redirect URI. Only loopback URIs qualify, so the listener is never reachable from another machine.
 *
 * @param redirectUri the redirect URI as registered at Zoho and sent in the requests
 * @param address loopback address and port to bind
 * @param path path of the callback
 */
record RedirectEndpoint(String redirectUri, InetSocketAddress address, String path) {

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
		InetAddress address = loopback(connectionName, redirectUri, uri.getHost());
		int port = (uri.getPort() != -1) ? uri.getPort() : 80;
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return new RedirectEndpoint(redirectUri.trim(), new InetSocketAddress(address, port), path);
	}

	private static InetAddress loopback(String connectionName, String redirectUri, String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost")) {
			return InetAddress.getLoopbackAddress();
		}
		try {
			InetAddress address = InetAddress.getByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
			if (isLiteral(name) && address.isLoopbackAddress()) {
				return address;
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
