package io.github.zohousersbatch.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code zoho.metrics.*}.
 *
 * @param textfile where each run writes its metrics in the Prometheus text format, for
 * node-exporter's textfile collector ({@code {connection}} is replaced by the connection
 * name); nothing is written without it
 */
@ConfigurationProperties("zoho.metrics")
public record MetricsProperties(String textfile) {

	/** Whether a text file is to be written. */
	public boolean writesTextfile() {
		return this.textfile != null && !this.textfile.isBlank();
	}

}
