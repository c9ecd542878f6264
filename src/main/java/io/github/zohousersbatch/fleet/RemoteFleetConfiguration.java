package io.github.zohousersbatch.fleet;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.JobRuns;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Remote partitioning of fleet runs over a JMS broker (Spring Batch Integration, Spring
 * Integration JMS, Artemis through Spring Boot's {@code spring.artemis.*}): only a
 * process whose {@code zoho.fleet.role} is {@code manager} ({@code run --remote}) or
 * {@code worker} ({@code worker}) has any of it, so that other commands start no JMS. The
 * manager's {@code runConnections} step sends its partitions to the queue
 * ({@link RemotePartitionHandler}); each worker takes them one at a time per consumer,
 * {@code zoho.fleet.concurrency} consumers, in transacted sessions ({@link FleetWorker}),
 * reading text messages only ({@link TextMessagesOnly}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${zoho.fleet.role:local}' == 'manager' or '${zoho.fleet.role:local}' == 'worker'")
@EnableIntegration
class RemoteFleetConfiguration {

	@Bean
	@ConditionalOnProperty(name = "zoho.fleet.role", havingValue = FleetProperties.MANAGER)
	Step runConnections(JobRepository jobRepository, ConnectionPartitioner connectionPartitioner,
			DirectChannel partitionRequests, ObjectProvider<JobRuns> runs, FleetProperties properties) {
		return new StepBuilder(ZohoJob.RUN_CONNECTIONS_STEP, jobRepository)
			.partitioner(ZohoJob.RUN_CONNECTION_STEP, connectionPartitioner)
			.partitionHandler(new RemotePartitionHandler(partitionRequests, jobRepository, runs, properties))
			.build();
	}

	@Bean
	@ConditionalOnProperty(name = "zoho.fleet.role", havingValue = FleetProperties.MANAGER)
	DirectChannel partitionRequests() {
		return new DirectChannel();
	}

	/** Partition requests to the broker, as persistent text messages. */
	@Bean
	@Lazy(false)
	@ConditionalOnProperty(name = "zoho.fleet.role", havingValue = FleetProperties.MANAGER)
	IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, ConnectionFactory connectionFactory,
			FleetProperties properties) {
		return IntegrationFlow.from(partitionRequests)
			.<StepExecutionRequest, String>transform(PartitionRequestCodec::encode)
			.handle(Jms.outboundAdapter(connectionFactory)
				.destination(properties.queue())
				.configureJmsTemplate(template -> template.explicitQosEnabled(true).deliveryPersistent(true)))
			.get();
	}

	@Bean
	@ConditionalOnProperty(name = "zoho.fleet.role", havingValue = FleetProperties.WORKER)
	FleetWorker fleetWorker(JobRepository jobRepository, ObjectProvider<JobRuns> runs) {
		return new FleetWorker(jobRepository, runs);
	}

	/**
	 * Partition requests from the broker to the worker. A transacted session gives a
	 * request back to the broker when the worker dies before it has taken it; waiting for
	 * the broker (it may start after the worker) is the listener container's recovery:
	 * after 1 s, then twice as long each time, 5 s at most, a log line each time.
	 */
	@Bean
	@Lazy(false)
	@ConditionalOnProperty(name = "zoho.fleet.role", havingValue = FleetProperties.WORKER)
	IntegrationFlow partitionRequestsFromBroker(ConnectionFactory connectionFactory, FleetWorker fleetWorker,
			FleetProperties properties) {
		return IntegrationFlow
			.from(Jms.messageDrivenChannelAdapter(connectionFactory)
				.destination(properties.queue())
				.jmsMessageConverter(new TextMessagesOnly())
				.configureListenerContainer(container -> container.sessionTransacted(true)
					.concurrentConsumers(properties.concurrency())
					.maxConcurrentConsumers(properties.concurrency())
					.backOff(brokerBackOff())))
			.filter(Object.class, String.class::isInstance)
			.transform(PartitionRequestCodec::decode)
			.handle(fleetWorker, "handle")
			.nullChannel();
	}

	private static ExponentialBackOff brokerBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2);
		backOff.setMaxInterval(5_000);
		return backOff;
	}

	/**
	 * A consumer buffers no request it is not running yet: otherwise one worker could
	 * hold requests back from idle ones. And no {@code ObjectMessage} is ever
	 * deserialized, whatever the broker: the deserialization deny-list is {@code *}
	 * (ActiveMQ Artemis: Controlling JMS ObjectMessage deserialization).
	 */
	@Bean
	static BeanPostProcessor fleetConsumerWindow() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				Object target = (bean instanceof CachingConnectionFactory caching)
						? caching.getTargetConnectionFactory() : bean;
				if (target instanceof ActiveMQConnectionFactory artemis) {
					artemis.setConsumerWindowSize(0);
					artemis.setDeserializationDenyList("*");
				}
				return bean;
			}

		};
	}

}
