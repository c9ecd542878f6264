package io.github.zohousersbatch.fleet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code zoho.fleet.*}: how a fleet run (one execution over many
 * connections) spreads its work.
 *
 * @param concurrency connections a fleet run reads at once, in this process
 */
@ConfigurationProperties("zoho.fleet")
public record FleetProperties(@DefaultValue("4") int concurrency) {

	public FleetProperties {
		if (concurrency < 1 || concurrency > 64) {
			throw new IllegalArgumentException("zoho.fleet.concurrency must be between 1 and 64, not " + concurrency);
		}
	}

}
