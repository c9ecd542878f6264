package io.github.zohousersbatch.fleet;

import java.util.Set;

import io.github.zohousersbatch.ZohoProperties;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.artemis.autoconfigure.ArtemisConnectionDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * One machine, nothing installed: a manager without {@code spring.artemis.broker-url}
 * embeds an Artemis broker listening on {@code tcp://127.0.0.1:PORT}
 * ({@code zoho.fleet.embedded-broker-port}, Artemis's usual 61616 by default) and
 * connects to it like any worker does. It lives and dies with the manager, so it keeps
 * nothing on disk (a manager's restart sends again what did not complete). It is private
 * to the account that runs it ({@link BrokerIdentity}): TLS with its own certificate, one
 * user with a generated password, which may send and consume but not manage; nobody gets
 * in anonymously. Several machines need a broker of their own: an Artemis or ActiveMQ
 * cluster given as {@code spring.artemis.broker-url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${zoho.fleet.role:local}' == 'manager' and '${spring.artemis.broker-url:}' == ''")
class EmbeddedBrokerConfiguration {

	private static final String ROLE = "fleet";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);

	@Bean
	BrokerIdentity fleetBrokerIdentity(Environment environment) {
		return BrokerIdentity.of(ZohoProperties.of(environment).stateDir());
	}

	@Bean(initMethod = "start", destroyMethod = "stop")
	@Lazy(false)
	EmbeddedActiveMQ fleetBroker(FleetProperties properties, BrokerIdentity fleetBrokerIdentity) throws Exception {
		log.info(
				"Broker embedded in this process at {} (TLS, user {}, its password and certificate in {}); the "
						+ "workers of this account on this machine join with: zoho-users-batch worker "
						+ "--zoho.fleet.embedded-broker-port={}",
				"tcp://127.0.0.1:" + properties.embeddedBrokerPort(), BrokerIdentity.USER,
				fleetBrokerIdentity.keyStore().getParent(), properties.embeddedBrokerPort());
		return broker(properties, fleetBrokerIdentity);
	}

	/** The manager's own connection, over TCP to the broker it embeds. */
	@Bean
	ArtemisConnectionDetails artemisConnectionDetails(EmbeddedActiveMQ fleetBroker, FleetProperties properties,
			BrokerIdentity fleetBrokerIdentity) {
		return new EmbeddedBrokerConnection(fleetBrokerIdentity, properties.embeddedBrokerPort());
	}

	/**
	 * The broker, not started: queue {@code zoho.fleet.queue}; security on, the one user
	 * may send, consume and browse; no JMX, and the management address needs a right
	 * nobody has.
	 */
	static EmbeddedActiveMQ broker(FleetProperties properties, BrokerIdentity identity) throws Exception {
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setSecurityEnabled(true);
		configuration.setJMXManagementEnabled(false);
		configuration.addAcceptorConfiguration("fleet", identity.acceptorUrl(properties.embeddedBrokerPort()));
		// name, send, consume, create/delete durable queue, create/delete temporary
		// queue, manage, browse, create/delete address, view, edit
		configuration.putSecurityRoles("#",
				Set.of(new Role(ROLE, true, true, false, false, true, true, false, true, false, false, false, false)));
		configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(properties.queue())
			.addRoutingType(RoutingType.ANYCAST)
			.addQueueConfiguration(QueueConfiguration.of(properties.queue())
				.setAddress(properties.queue())
				.setRoutingType(RoutingType.ANYCAST)));
		ActiveMQSecurityManagerImpl users = new ActiveMQSecurityManagerImpl();
		users.getConfiguration().addUser(BrokerIdentity.USER, identity.password());
		users.getConfiguration().addRole(BrokerIdentity.USER, ROLE);
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(configuration);
		broker.setSecurityManager(users);
		return broker;
	}

}
