package io.github.zohousersbatch.fleet;

import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.zohousersbatch.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker a manager embeds, as other local accounts meet it: a real Artemis on a free
 * loopback port with the configuration of {@link EmbeddedBrokerConfiguration}, anonymous
 * clients, a sender with the password but hostile intent, and an impostor broker on the
 * port before the manager starts.
 */
class EmbeddedBrokerSecurityTests {

	static final String QUEUE = "zoho.fleet.partitions";

	static final AtomicBoolean gadgetDeserialized = new AtomicBoolean();

	@TempDir
	Path state;

	int port;

	BrokerIdentity identity;

	EmbeddedActiveMQ broker;

	@BeforeEach
	void identity() throws Exception {
		this.port = TestDatabase.freePort();
		this.identity = BrokerIdentity.of(this.state);
		gadgetDeserialized.set(false);
	}

	@AfterEach
	void stopBroker() throws Exception {
		if (this.broker != null) {
			this.broker.stop();
		}
	}

	@Test
	void theBrokersPasswordAndKeyAreKeptPrivateInTheStateDirectory() throws Exception {
		// then
		assertThat(this.identity.password()).hasSize(32)
			.isEqualTo(Files.readString(this.state.resolve("fleet-broker.password")).strip());
		assertThat(mode(this.state.resolve("fleet-broker.password"))).isEqualTo("rw-------");
		assertThat(mode(this.identity.keyStore())).isEqualTo("rw-------");
		assertThat(BrokerIdentity.of(this.state)).isEqualTo(this.identity);
		assertThat(new EmbeddedBrokerConnection(this.identity, this.port).toString())
			.doesNotContain(this.identity.password());
		assertThat(this.identity.clientUrl(this.port)).doesNotContain(this.identity.password());
	}

	@Test
	void anAnonymousClientCanNeitherConsumeARequestNorSendAnObjectMessage() throws Exception {
		// given: a request waiting in the queue
		startBroker();
		try (Connection manager = fleetConnection()) {
			Session session = manager.createSession(true, Session.SESSION_TRANSACTED);
			session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage("request"));
			session.commit();
		}

		// when / then: anonymous, over TLS trusting the broker or over plain TCP
		assertThatThrownBy(() -> new ActiveMQConnectionFactory(this.identity.clientUrl(this.port)).createConnection())
			.isInstanceOf(JMSSecurityException.class);
		assertThatThrownBy(() -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + this.port + "?callTimeout=5000")
			.createConnection()
			.close()).isInstanceOf(JMSException.class);

		// and the request is still there for the workers
		try (Connection worker = fleetConnection()) {
			worker.start();
			Session session = worker.createSession(false, Session.AUTO_ACKNOWLEDGE);
			Message request = session.createConsumer(session.createQueue(QUEUE)).receive(10_000);
			assertThat(request).isInstanceOfSatisfying(TextMessage.class,
					text -> assertThat(textOf(text)).isEqualTo("request"));
		}
	}

	@Test
	void theFleetUserCannotUseTheManagementAddress() throws Exception {
		// given
		startBroker();
		try (Connection connection = fleetConnection()) {
			Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);

			// when / then
			assertThatThrownBy(() -> session.createProducer(session.createQueue("activemq.management"))
				.send(session.createTextMessage("getAddressNames"))).isInstanceOf(JMSSecurityException.class);
		}
	}

	@Test
	void anObjectMessageFromASenderWithThePasswordIsRefusedUnread() throws Exception {
		// given: a hostile sender that knows the password puts a gadget in the queue
		startBroker();
		try (Connection hostile = fleetConnection()) {
			Session session = hostile.createSession(false, Session.AUTO_ACKNOWLEDGE);
			session.createProducer(session.createQueue(QUEUE)).send(session.createObjectMessage(new Gadget()));
		}

		// when: a worker's connection factory takes it and reads it as the worker does
		ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(this.identity.clientUrl(this.port),
				BrokerIdentity.USER, this.identity.password());
		RemoteFleetConfiguration.fleetConsumerWindow().postProcessBeforeInitialization(factory, "jmsConnectionFactory");
		try (Connection worker = factory.createConnection()) {
			worker.start();
			Session session = worker.createSession(false, Session.AUTO_ACKNOWLEDGE);
			MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
			Message received = consumer.receive(10_000);

			// then: refused without being opened; and the factory would not open it
			assertThat(received).isInstanceOf(ObjectMessage.class);
			assertThat(new TextMessagesOnly().fromMessage(received)).isSameAs(TextMessagesOnly.REFUSED);
			assertThat(gadgetDeserialized).isFalse();
			assertThat(factory.getDeserializationDenyList()).isEqualTo("*");
			assertThatThrownBy(((ObjectMessage) received)::getObject).isInstanceOf(JMSException.class);
			assertThat(gadgetDeserialized).isFalse();
		}
	}

	@Test
	void aWorkerHandsNoCredentialsToAnotherBrokerOnThePort() throws Exception {
		for (boolean tls : List.of(false, true)) {
			// given: before the manager starts, another account's broker on the port that
			// lets everyone in and keeps the credentials it is shown; over plain TCP, or
			// TLS with a certificate of its own
			List<String> shown = new CopyOnWriteArrayList<>();
			EmbeddedActiveMQ impostor = impostor(tls, shown);
			try {
				if (!tls) {
					new ActiveMQConnectionFactory("tcp://127.0.0.1:" + this.port)
						.createConnection("someone", "given away")
						.close();
					assertThat(shown).contains("someone:given away");
					shown.clear();
				}

				// when: a worker of this account connects as it does to its manager's
				// broker
				EmbeddedBrokerConnection worker = new EmbeddedBrokerConnection(this.identity, this.port);
				assertThatThrownBy(() -> new ActiveMQConnectionFactory(worker.getBrokerUrl())
					.createConnection(worker.getUser(), worker.getPassword())
					.close()).isInstanceOf(JMSException.class);

				// then
				assertThat(shown).as("credentials shown to the impostor (tls %s)", tls).isEmpty();
			}
			finally {
				impostor.stop();
			}
		}
	}

	private void startBroker() throws Exception {
		FleetProperties properties = new FleetProperties(1, FleetProperties.MANAGER, Duration.ofMinutes(2), this.port,
				QUEUE);
		this.broker = EmbeddedBrokerConfiguration.broker(properties, this.identity);
		this.broker.start();
	}

	private Connection fleetConnection() throws JMSException {
		return new ActiveMQConnectionFactory(this.identity.clientUrl(this.port)).createConnection(BrokerIdentity.USER,
				this.identity.password());
	}

	private EmbeddedActiveMQ impostor(boolean tls, List<String> shown) throws Exception {
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setJMXManagementEnabled(false);
		configuration.setSecurityEnabled(true);
		configuration.addAcceptorConfiguration("impostor",
				tls ? BrokerIdentity.of(this.state.resolve("impostor")).acceptorUrl(this.port)
						: "tcp://127.0.0.1:" + this.port);
		EmbeddedActiveMQ impostor = new EmbeddedActiveMQ();
		impostor.setConfiguration(configuration);
		impostor.setSecurityManager(new ActiveMQSecurityManager() {

			@Override
			public boolean validateUser(String user, String password) {
				shown.add(user + ":" + password);
				return true;
			}

			@Override
			public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
				shown.add(user + ":" + password);
				return true;
			}

		});
		impostor.start();
		return impostor;
	}

	private static String textOf(TextMessage message) {
		try {
			return message.getText();
		}
		catch (JMSException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String mode(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	/** What a gadget chain does first: run code as it is deserialized. */
	static final class Gadget implements Serializable {

		private static final long serialVersionUID = 1L;

		private void readObject(ObjectInputStream in) throws Exception {
			in.defaultReadObject();
			gadgetDeserialized.set(true);
		}

	}

}
