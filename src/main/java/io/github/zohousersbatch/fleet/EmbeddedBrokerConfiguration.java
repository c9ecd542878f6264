package io.github.zohousersbatch.fleet;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
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
 * {@code spring.artemis.broker-url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${zoho.fleet.role:local}' == 'manager' and '${spring.artemis.broker-url:}' == ''")
class EmbeddedBrokerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);

	@Bean(initMethod = "start", destroyMethod = "stop")
	@Lazy(false)
	EmbeddedActiveMQ fleetBroker(FleetProperties properties) throws Exception {
		String url = url(properties);
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setSecurityEnabled(false);
		configuration.setJMXManagementEnabled(false);
		configuration.addAcceptorConfiguration("fleet", url);
		configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(properties.queue())
			.addRoutingType(RoutingType.ANYCAST)
			.addQueueConfiguration(QueueConfiguration.of(properties.queue())
				.setAddress(properties.queue())
				.setRoutingType(RoutingType.ANYCAST)));
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(configuration);
		log.info("Broker embedded in this process at {}; workers join with: zoho-users-batch worker "
				+ "--spring.artemis.broker-url={}", url, url);
		return broker;
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
