package io.github.zohousersbatch.fleet;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Settings under {@code zoho.fleet.*}: how a fleet run (one execution over many
 * connections) spreads its work, in this process or, remotely, over worker processes.
 *
 * @param concurrency connections a fleet run reads at once, in this process; a worker
 * takes as many partitions at once
 * @param role {@code local} (the fleet runs its partitions itself), {@code manager} (it
 * sends them to workers through the broker) or {@code worker}; set by the command line
 * ({@code run --remote}, {@code worker})
 * @param workerTimeout how long a partition taken by a worker may show no sign of life
 * (neither its heartbeat nor its connection's execution moves, and no live process holds
 * the connection's lock) before the manager marks it failed and sends it again; also how
 * long a partition may wait for a worker to take it before the manager sends its request
 * again (it may have been lost), twice as long each time after
 * @param timeout how long a remote fleet execution may last: then the partitions no
 * worker took fail as never started, those running are asked to stop at their next chunk
 * boundary, and the fleet ends failed, restartable
 * @param embeddedBrokerPort loopback port of the broker that {@code run --remote} embeds
 * when no {@code spring.artemis.broker-url} is set
 * @param queue the broker's queue of partition requests
 */
@ConfigurationProperties("zoho.fleet")
public record FleetProperties(@DefaultValue("4") int concurrency, @DefaultValue("local") String role,
		@DefaultValue("2m") Duration workerTimeout, @DefaultValue("12h") Duration timeout,
		@DefaultValue("61616") int embeddedBrokerPort, @DefaultValue("zoho.fleet.partitions") String queue) {

	/** The role of a process that sends partitions to workers. */
	public static final String MANAGER = "manager";

	/** The role of a process that runs partitions sent by a manager. */
	public static final String WORKER = "worker";

	public FleetProperties {
		if (concurrency < 1 || concurrency > 64) {
			throw new IllegalArgumentException("zoho.fleet.concurrency must be between 1 and 64, not " + concurrency);
		}
		if (workerTimeout.isNegative() || workerTimeout.isZero()) {
			throw new IllegalArgumentException("zoho.fleet.worker-timeout must be positive, not " + workerTimeout);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("zoho.fleet.timeout must be positive, not " + timeout);
		}
	}

	/** The settings as {@code environment} holds them. */
	static FleetProperties of(Environment environment) {
		return Binder.get(environment).bindOrCreate("zoho.fleet", FleetProperties.class);
	}

	/** The queue where the broker puts requests no worker could take (dead letters). */
	String deadLetterQueue() {
		return this.queue + ".dead";
	}

	/**
	 * How often the manager looks at its partitions: often enough for the timeout, and
	 * once a second at most (one query of the fleet's step executions).
	 */
	Duration pollInterval() {
		Duration quarter = this.workerTimeout.dividedBy(4);
		return (quarter.compareTo(Duration.ofSeconds(1)) < 0) ? quarter : Duration.ofSeconds(1);
	}

}
