package io.github.zohousersbatch.fleet;

import java.time.Duration;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.artemis.autoconfigure.ArtemisConnectionDetails;
import org.springframework.boot.artemis.autoconfigure.ArtemisMode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * One machine, nothing installed: a manager without {@code spring.artemis.broker-url}
 * embeds an Artemis broker listening on {@code tcp://127.0.0.1:PORT}
 * ({@code zoho.fleet.embedded-broker-port}, Artemis's usual 61616 by default) and
 * connects to it like any worker does. It lives and dies with the manager, so it keeps
 * nothing on disk (a manager's restart sends again what did not complete); it listens on
 * loopback only, without credentials, for the workers of this machine. Several machines
 * need a broker of their own: an Artemis or ActiveMQ cluster given as
 * {@code spring.artemis.broker-url}, with the same redelivery delay and dead-letter
 * address on the queue ({@link #partitionRequestSettings}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${zoho.fleet.role:local}' == 'manager' and '${spring.artemis.broker-url:}' == ''")
class EmbeddedBrokerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);

	static final Duration REDELIVERY_DELAY = Duration.ofSeconds(1);

	static final Duration MAX_REDELIVERY_DELAY = Duration.ofSeconds(30);

	static final int MAX_DELIVERY_ATTEMPTS = 5;

	@Bean(initMethod = "start", destroyMethod = "stop")
	@Lazy(false)
	EmbeddedActiveMQ fleetBroker(FleetProperties properties) throws Exception {
		String url = url(properties);
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setSecurityEnabled(false);
		configuration.setJMXManagementEnabled(false);
		configuration.addAcceptorConfiguration("fleet", url);
		configuration.addAddressConfiguration(anycastQueue(properties.queue()));
		configuration.addAddressConfiguration(anycastQueue(properties.deadLetterQueue()));
		configuration.addAddressSetting(properties.queue(), partitionRequestSettings(properties));
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(configuration);
		log.info("Broker embedded in this process at {}; workers join with: zoho-users-batch worker "
				+ "--spring.artemis.broker-url={}", url, url);
		return broker;
	}

	/**
	 * A request a worker gave back (its transaction rolled back: it failed before
	 * starting the partition) comes back after a while rather than at once, and after a
	 * few attempts goes to the dead-letter queue, where an operator can read it; the
	 * manager sends a request again when its partition waited too long for a worker.
	 */
	static AddressSettings partitionRequestSettings(FleetProperties properties) {
		return new AddressSettings().setRedeliveryDelay(REDELIVERY_DELAY.toMillis())
			.setRedeliveryMultiplier(2)
			.setMaxRedeliveryDelay(MAX_REDELIVERY_DELAY.toMillis())
			.setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
			.setDeadLetterAddress(SimpleString.of(properties.deadLetterQueue()));
	}

	private static CoreAddressConfiguration anycastQueue(String name) {
		return new CoreAddressConfiguration().setName(name)
			.addRoutingType(RoutingType.ANYCAST)
			.addQueueConfiguration(QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST));
	}

	/** The manager's own connection, over TCP to the broker it embeds. */
	@Bean
	ArtemisConnectionDetails artemisConnectionDetails(EmbeddedActiveMQ fleetBroker, FleetProperties properties) {
		String url = url(properties);
		return new ArtemisConnectionDetails() {

			@Override
			public ArtemisMode getMode() {
				return ArtemisMode.NATIVE;
			}

			@Override
			public String getBrokerUrl() {
				return url;
			}

			@Override
			public String getUser() {
				return null;
			}

			@Override
			public String getPassword() {
				return null;
			}

		};
	}

	static String url(FleetProperties properties) {
		return "tcp://127.0.0.1:" + properties.embeddedBrokerPort();
	}

}
