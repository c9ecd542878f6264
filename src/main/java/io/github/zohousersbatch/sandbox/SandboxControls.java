package io.github.zohousersbatch.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

/**
 * What a test or a demo can make the sandbox organisation be or do, beyond the happy
 * path: an organisation on trial, an edition without the user licences feature, and a
 * network that drops connections in the middle of a users page.
 */
public final class SandboxControls {

	private final AtomicInteger dropsLeft = new AtomicInteger();

	private volatile String trialEdition;

	private volatile boolean userLicencesFeature = true;

	/** The edition on trial (for example {@code enterprise}), or null when paid. */
	String trialEdition() {
		return this.trialEdition;
	}

	/**
	 * From now on the organisation is on a trial of {@code edition} (for example
	 * {@code enterprise}), as {@code GET /crm/v8/org} reports it: {@code paid_type: free}
	 * with {@code trial_type}; null for paid Enterprise again.
	 */
	public SandboxControls trial(String edition) {
		this.trialEdition = edition;
		return this;
	}

	boolean userLicencesFeature() {
		return this.userLicencesFeature;
	}

	/**
	 * Whether the edition has the user licences feature: without it,
	 * {@code GET /crm/v8/__features/user_licenses} answers 204, as Zoho does.
	 */
	public SandboxControls userLicencesFeature(boolean available) {
		this.userLicencesFeature = available;
		return this;
	}

	/**
	 * The next {@code pages} users pages are cut in the middle of their body: status,
	 * full length, half the bytes, then the connection closes.
	 */
	public SandboxControls dropConnectionMidBody(int pages) {
		this.dropsLeft.set(pages);
		return this;
	}

	/**
	 * Sends a users page, or, while drops are left, its status, its full length and half
	 * its bytes, then closes the connection: what a proxy or load balancer that gives up
	 * on a connection does.
	 */
	void sendPage(HttpExchange exchange, byte[] page) throws IOException {
		if (this.dropsLeft.getAndUpdate(left -> Math.max(0, left - 1)) == 0) {
			SandboxHttp.sendBytes(exchange, 200, page);
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
		exchange.sendResponseHeaders(200, page.length);
		OutputStream out = exchange.getResponseBody();
		out.write(page, 0, page.length / 2);
		out.flush();
		// short of the announced length: the JDK's server closes the connection
		exchange.close();
	}

}
