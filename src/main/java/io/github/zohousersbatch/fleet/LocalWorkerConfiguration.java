package io.github.zohousersbatch.fleet;

import io.github.zohousersbatch.ZohoProperties;

import org.springframework.boot.artemis.autoconfigure.ArtemisConnectionDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A worker without {@code spring.artemis.broker-url} works for the broker a manager of
 * its account embeds on this machine ({@code zoho.fleet.embedded-broker-port}): with the
 * user, password and certificate kept in the state directory ({@link BrokerIdentity}),
 * made by whichever of them starts first. A worker given a broker URL uses the
 * credentials given with it ({@code spring.artemis.user},
 * {@code spring.artemis.password}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${zoho.fleet.role:local}' == 'worker' and '${spring.artemis.broker-url:}' == ''")
class LocalWorkerConfiguration {

	@Bean
	ArtemisConnectionDetails artemisConnectionDetails(Environment environment, FleetProperties properties) {
		return new EmbeddedBrokerConnection(BrokerIdentity.of(ZohoProperties.of(environment).stateDir()),
				properties.embeddedBrokerPort());
	}

}
