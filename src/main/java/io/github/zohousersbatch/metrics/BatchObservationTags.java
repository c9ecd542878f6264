package io.github.zohousersbatch.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Batch's observations ({@code spring.batch.job}, {@code spring.batch.step},
 * {@code spring.batch.item.read}, {@code spring.batch.chunk.write}, ...) keep their
 * standard tags and get the execution's {@code connection} beside them, as our meters
 * have it, so that runs of several connections stay apart. Boot applies every
 * {@link ObservationFilter} bean to its observation registry.
 */
@Configuration(proxyBeanMethods = false)
class BatchObservationTags {

	@Bean
	ObservationFilter connectionOfBatchObservations() {
		return context -> {
			if (context.getName() != null && context.getName().startsWith("spring.batch.")) {
				context.addLowCardinalityKeyValue(KeyValue.of("connection", RunMetrics.connection()));
			}
			return context;
		};
	}

}
