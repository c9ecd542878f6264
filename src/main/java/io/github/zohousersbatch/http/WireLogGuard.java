package io.github.zohousersbatch.http;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps wire-level logging of HTTP traffic out of the logs at DEBUG and TRACE, whatever
 * {@code logging.level.*} asks for: the JDK's HTTP server logs request lines (the sandbox
 * runs on it; its consent redirect carries a grant code) and Reactor Netty's wiretap logs
 * raw bytes (headers with tokens). Registered in {@code logback-spring.xml}.
 */
public class WireLogGuard extends TurboFilter {

	private static final List<String> GUARDED = List.of("com.sun.net.httpserver",
			"reactor.netty.http.client.HttpClient", "reactor.netty.http.server.HttpServer");

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level != null && level.toInt() < Level.INFO_INT && isGuarded(logger.getName())) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

	private static boolean isGuarded(String name) {
		for (String guarded : GUARDED) {
			if (name.equals(guarded) || name.startsWith(guarded + ".")) {
				return true;
			}
		}
		return false;
	}

}
