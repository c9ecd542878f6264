package io.github.zohousersbatch.fleet;

import org.springframework.boot.artemis.autoconfigure.ArtemisConnectionDetails;
import org.springframework.boot.artemis.autoconfigure.ArtemisMode;

/**
 * How a manager and the workers of its account reach the broker the manager embeds: TLS
 * trusting its certificate alone, so that the user and password go to that broker and
 * nothing else that may answer on the port ({@link BrokerIdentity}).
 */
final class EmbeddedBrokerConnection implements ArtemisConnectionDetails {

	private final BrokerIdentity identity;

	private final int port;

	EmbeddedBrokerConnection(BrokerIdentity identity, int port) {
		this.identity = identity;
		this.port = port;
	}

	@Override
	public ArtemisMode getMode() {
		return ArtemisMode.NATIVE;
	}

	@Override
	public String getBrokerUrl() {
		return this.identity.clientUrl(this.port);
	}

	@Override
	public String getUser() {
		return BrokerIdentity.USER;
	}

	@Override
	public String getPassword() {
		return this.identity.password();
	}

	@Override
	public String toString() {
		return "EmbeddedBrokerConnection[" + getBrokerUrl() + ", user=" + getUser() + "]";
	}

}
