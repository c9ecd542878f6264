package io.github.zohousersbatch.fleet;

import java.nio.file.Path;
import java.time.Duration;

import io.github.zohousersbatch.TestDatabase;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker a manager embeds: a request that workers keep giving back comes back after a
 * delay, and ends in the dead-letter queue rather than going round for ever.
 */
class EmbeddedBrokerTests {

	@TempDir
	Path state;

	@Test
	void theQueueOfPartitionRequestsRedeliversLaterAndHasADeadLetterQueue() throws Exception {
		// given
		FleetProperties properties = new FleetProperties(1, FleetProperties.MANAGER, Duration.ofMinutes(2),
				Duration.ofHours(12), TestDatabase.freePort(), "zoho.fleet.partitions");
		EmbeddedActiveMQ broker = EmbeddedBrokerConfiguration.broker(properties, BrokerIdentity.of(this.state));

		// when
		broker.start();
		try {
			// then
			AddressSettings settings = broker.getActiveMQServer()
				.getAddressSettingsRepository()
				.getMatch(properties.queue());
			assertThat(settings.getRedeliveryDelay()).isEqualTo(1000);
			assertThat(settings.getMaxDeliveryAttempts()).isEqualTo(5);
			assertThat(settings.getDeadLetterAddress().toString()).isEqualTo("zoho.fleet.partitions.dead");
			assertThat(broker.getActiveMQServer().locateQueue(SimpleString.of("zoho.fleet.partitions.dead")))
				.isNotNull();
		}
		finally {
			broker.stop();
		}
	}

}
