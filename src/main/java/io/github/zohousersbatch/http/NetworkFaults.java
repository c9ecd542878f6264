package io.github.zohousersbatch.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.Exceptions;

import org.springframework.web.reactive.function.client.WebClientException;

/**
 * What a broken exchange with Zoho means: every network fault is transient, and a fault
 * after the request may have reached Zoho is marked as such
 * ({@link TransientHttpException#answerLost()}), since resending it repeats what Zoho
 * did.
 */
final class NetworkFaults {

	private NetworkFaults() {
	}

	/**
	 * No answer at all: no connection, a reset, a timeout or a close before the status.
	 */
	static TransientHttpException unreachable(String what, String origin, WebClientException ex) {
		return new TransientHttpException(
				what + ": cannot reach Zoho at " + origin + " (" + describe(ex.getMostSpecificCause()) + ")", null, ex,
				mayHaveBeenSent(ex));
	}

	// the status came, the body did not: a proxy or load balancer closed the connection
	// (Reactor Netty's PrematureCloseException "DURING response"), reset it, garbled a
	// chunk or stalled. Spring does not wrap errors raised while a body is read, and
	// block() wraps checked ones in Reactor's ReactiveException: a 503 would be no
	// different, so the same request is worth sending again
	static RuntimeException cutShort(String what, String origin, RuntimeException ex) {
		Throwable cause = Exceptions.unwrap(ex);
		if (!(cause instanceof IOException || cause instanceof ChannelException)) {
			return ex;
		}
		return new TransientHttpException(what + ": the connection to Zoho at " + origin
				+ " broke while the answer was read (" + describe(cause) + ")", null, cause, true);
	}

	// Netty's timeouts carry no message
	private static String describe(Throwable cause) {
		String message = (cause.getMessage() != null) ? cause.getMessage() : (cause instanceof ReadTimeoutException)
				? "nothing received within zoho.http.read-timeout" : "no detail";
		return cause.getClass().getSimpleName() + ": " + message;
	}

	// no connection, no request: refused, connect timeout, unknown host. Anything else
	// (a reset, a read timeout, a close before the answer) may come after Zoho got the
	// request
	private static boolean mayHaveBeenSent(WebClientException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof UnknownHostException) {
				return false;
			}
		}
		return true;
	}

}
