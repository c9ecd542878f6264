package io.github.zohousersbatch.metrics;

import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationFilter;

import org.springframework.batch.core.observability.BatchMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Batch's observations ({@code spring.batch.job}, {@code spring.batch.step},
 * {@code spring.batch.item.read}, {@code spring.batch.chunk.write}, ...) keep their
 * standard tags and get the execution's {@code connection} beside them, as our meters
 * have it, so that runs of several connections stay apart. Boot applies every
 * {@link ObservationFilter} bean to its observation registry.
 * <p>
 * Every meter of a name has one set of tag keys, or Prometheus refuses the later ones
 * ("registration has failed") and a failed run's meters are lost exactly when someone
 * looks at them: Spring Batch 6 tags an item read, item process or chunk write with its
 * status only when it succeeds or is skipped, not when the failure ends the step, so such
 * an observation gets {@code status=FAILURE} here.
 */
@Configuration(proxyBeanMethods = false)
class BatchObservationTags {

	// the observations whose status Spring Batch sets by hand (ChunkOrientedStep); the
	// job's and the step's come from their conventions, on every path
	private static final Set<String> ITEM_OBSERVATIONS = Set.of(BatchMetrics.METRICS_PREFIX + "item.read",
			BatchMetrics.METRICS_PREFIX + "item.process", BatchMetrics.METRICS_PREFIX + "chunk.write");

	@Bean
	ObservationFilter connectionOfBatchObservations() {
		return context -> {
			String name = context.getName();
			if (name != null && name.startsWith(BatchMetrics.METRICS_PREFIX)) {
				context.addLowCardinalityKeyValue(KeyValue.of("connection", RunMetrics.connection()));
				if (ITEM_OBSERVATIONS.contains(name) && context.getLowCardinalityKeyValue(name + ".status") == null) {
					context.addLowCardinalityKeyValue(KeyValue.of(name + ".status", BatchMetrics.STATUS_FAILURE));
				}
			}
			return context;
		};
	}

}
