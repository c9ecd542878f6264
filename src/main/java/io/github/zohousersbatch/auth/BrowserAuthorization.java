package io.github.zohousersbatch.auth;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Authorizes a connection through the browser: builds Zoho's consent address with a fresh
 * state, listens on the loopback redirect URI, and exchanges the code of the one genuine
 * redirect at the accounts server it names, if that server is trusted. A request without
 * this authorization's state (a stale tab, or any web page making the browser call the
 * loopback address) is answered with an error page and otherwise ignored: only the
 * genuine redirect ends the wait, with its code or its error. An untrusted accounts
 * server ends it without a token request.
 */
@Service
public class BrowserAuthorization {

	private static final Logger log = LoggerFactory.getLogger(BrowserAuthorization.class);

	// once a redirect was accepted, the token request it started is allowed to finish
	private static final Duration EXCHANGE_LIMIT = Duration.ofMinutes(5);

	private final Authorization authorization;

	private final ZohoProperties properties;

	private final Connections connections;

	BrowserAuthorization(Authorization authorization, ZohoProperties properties, Connections connections) {
		this.authorization = authorization;
		this.properties = properties;
		this.connections = connections;
	}

	/**
	 * Runs one browser authorization of the connection, started by {@code authorize}.
	 * @param listening told the consent address once the listener accepts redirects
	 * @return what was stored
	 */
	public ConnectionToken authorize(String connectionName, Consumer<URI> listening) {
		return authorize(connectionName, "zoho-users-batch authorize --connection " + connectionName, listening);
	}

	/**
	 * Runs one browser authorization of the connection.
	 * @param command the command that started it, which the messages of a failure tell
	 * the user to run again
	 * @param listening told the consent address once the listener accepts redirects
	 * @return what was stored
	 */
	public ConnectionToken authorize(String connectionName, String command, Consumer<URI> listening) {
		ZohoProperties.Connection client = this.connections.settings(connectionName);
		RedirectEndpoint endpoint = RedirectEndpoint.of(connectionName, client.redirectUri());
		OAuthState state = OAuthState.random();
		URI consent = new AuthorizationRequest(TrustedServers.configuredAccountsServer(connectionName, client),
				client.clientId(), client.scope(), endpoint.redirectUri(), state.value())
			.uri();
		CompletableFuture<ConnectionToken> result = new CompletableFuture<>();
		AtomicInteger ignored = new AtomicInteger();
		Duration timeout = this.properties.authorizationTimeout();
		try (CallbackListener listener = CallbackListener.start(connectionName, endpoint,
				callback -> answer(connectionName, command, client, endpoint, state, callback, result, ignored))) {
			log.info("Waiting up to {} for Zoho's redirect to {} (connection '{}', listening on {})", readable(timeout),
					endpoint.redirectUri(), connectionName, listener.addresses());
			listening.accept(consent);
			return await(connectionName, command, endpoint, state, result, timeout, ignored);
		}
	}

	private CallbackListener.Reply answer(String connectionName, String command, ZohoProperties.Connection client,
			RedirectEndpoint endpoint, OAuthState state, AuthorizationCallback callback,
			CompletableFuture<ConnectionToken> result, AtomicInteger ignored) {
		// any web page can make the browser send a request here: only this
		// authorization's state ends the wait
		if (callback.repeated() || !state.consume(callback.state())) {
			ignored.incrementAndGet();
			log.warn("Ignored a request to {} without the state of this authorization ({}); still waiting for Zoho's "
					+ "redirect", endpoint.redirectUri(), callback);
			return new CallbackListener.Reply(CallbackListener.Page.failure("Not this authorization",
					"This request did not carry the state of the authorization under way (a stale browser tab, a "
							+ "second redirect, or another program), so it was ignored and nothing was requested from "
							+ "Zoho. The authorization is still waiting for Zoho's redirect."),
					() -> {
					});
		}
		try {
			ConnectionToken token = exchange(connectionName, command, client, endpoint, callback);
			return new CallbackListener.Reply(
					CallbackListener.Page.success("Connection '" + connectionName + "' is authorized",
							"zoho-users-batch stored its tokens, encrypted (data centre " + token.dataCenter()
									+ ", API domain " + token.apiDomain() + ")."),
					() -> result.complete(token));
		}
		catch (RuntimeException ex) {
			log.warn("Authorization of connection '{}' failed: {}", connectionName, Failures.messageOf(ex));
			return new CallbackListener.Reply(CallbackListener.Page
				.failure("Connection '" + connectionName + "' is not authorized", Failures.messageOf(ex)),
					() -> result.completeExceptionally(ex));
		}
	}

	private ConnectionToken exchange(String connectionName, String command, ZohoProperties.Connection client,
			RedirectEndpoint endpoint, AuthorizationCallback callback) {
		if (callback.error() != null) {
			throw declined(connectionName, command, callback);
		}
		if (callback.code() == null) {
			throw new ZohoBatchException(FailureReason.FAILED,
					"Zoho's redirect carried neither a grant code nor an error. Run " + command + " again.");
		}
		String accountsServer = TrustedServers.redirectAccountsServer(callback.accountsServer(), connectionName, client)
			.orElseThrow(() -> untrusted(connectionName, command, callback));
		log.info("Zoho redirected with a grant code (location {}); exchanging it at {}", callback.location(),
				accountsServer);
		return this.authorization.authorizeWithCode(connectionName, accountsServer, callback.code(),
				endpoint.redirectUri());
	}

	private static ConnectionToken await(String connectionName, String command, RedirectEndpoint endpoint,
			OAuthState state, CompletableFuture<ConnectionToken> result, Duration timeout, AtomicInteger ignored) {
		try {
			try {
				return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (state.expire()) {
					throw new ZohoBatchException(FailureReason.FAILED, "No authorization of connection '"
							+ connectionName + "' arrived at " + endpoint.redirectUri() + " within " + readable(timeout)
							+ " (zoho.authorization-timeout)"
							+ ((ignored.get() > 0) ? "; " + ignored.get() + " request(s) without its state were ignored"
									: "")
							+ ": nothing was stored. Run " + command
							+ " again and accept Zoho's consent page in time.");
				}
				return result.get(EXCHANGE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new ZohoBatchException(FailureReason.FAILED, Failures.messageOf(ex.getCause()), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new ZohoBatchException(FailureReason.FAILED, "The token request of connection '" + connectionName
					+ "' did not end within " + readable(EXCHANGE_LIMIT) + ". Run " + command + " again.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZohoBatchException(FailureReason.FAILED,
					"Authorization of connection '" + connectionName + "' interrupted.", ex);
		}
	}

	// 5m, 30s, 0.3s rather than PT5M
	private static String readable(Duration duration) {
		return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
	}

	private static ZohoBatchException declined(String connectionName, String command, AuthorizationCallback callback) {
		if ("access_denied".equals(callback.error())) {
			return new ZohoBatchException(FailureReason.FAILED,
					"Zoho answered error=access_denied for connection '" + connectionName
							+ "': the user rejected the consent page, or more than 10 grant codes were "
							+ "requested for this client within 10 minutes. Nothing was stored. Run " + command
							+ " again (after 10 minutes in the second case) and accept.");
		}
		return new ZohoBatchException(FailureReason.FAILED,
				"Zoho redirected with error=" + callback.safeError() + " for connection '" + connectionName
						+ "': nothing was stored. Check the client id, the redirect "
						+ "URI registered at Zoho and the scopes, then run " + command + " again.");
	}

	private static ZohoBatchException untrusted(String connectionName, String command, AuthorizationCallback callback) {
		return new ZohoBatchException(FailureReason.CONFIGURATION, "The redirect named accounts server '"
				+ callback.safeAccountsServer() + "', which is neither a Zoho accounts server of a known data centre ("
				+ DataCenter.locations() + ") nor zoho.connections." + connectionName + ".accounts-url: the grant "
				+ "code was not sent anywhere and nothing was stored. If that really is your Zoho accounts server, "
				+ "set zoho.connections." + connectionName + ".accounts-url to it, or declare its data centre with "
				+ TrustedServers.DATA_CENTER_SETTINGS.replace("<location>",
						(callback.location() != null) ? TrustedServers.safe(callback.location()) : "<location>")
				+ ", and run " + command + " again.");
	}

}
