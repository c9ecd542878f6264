package io.github.zohousersbatch.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The metrics of this process's run: Zoho requests (latency by endpoint and outcome),
 * retries and pages, and at the end the counts and duration of the execution. A batch
 * process cannot be scraped, so {@link MetricsTextFile} writes them for node-exporter's
 * textfile collector.
 */
@Component
public class RunMetrics {

	/** Prefix of every meter of ours. */
	public static final String PREFIX = "zoho_users_batch_";

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	// every meter carries the connection of the execution under way, so that files of
	// several connections can
	// be collected side by side; empty outside an execution (authorize, check)
	private volatile String connection = "";

	/** The connection whose execution starts now. */
	public void connection(String name) {
		this.connection = name;
	}

	/** The connection of the execution under way, or empty outside one. */
	public String connection() {
		return this.connection;
	}

	/**
	 * A Zoho request ended: {@code endpoint} users, org or token; {@code outcome} the
	 * status or the error.
	 */
	public void request(String endpoint, String outcome, Duration duration) {
		Timer.builder(PREFIX + "http_requests")
			.description("Requests to Zoho, by endpoint and outcome")
			.tag("connection", this.connection)
			.tag("endpoint", endpoint)
			.tag("outcome", outcome)
			.register(this.registry)
			.record(duration);
	}

	/** A request is about to be retried. */
	public void retry() {
		Counter.builder(PREFIX + "http_retries")
			.description("Zoho requests retried")
			.tag("connection", this.connection)
			.register(this.registry)
			.increment();
	}

	/** Fields of user records were changed to fit their columns. */
	public void sanitised(int fields) {
		Counter.builder(PREFIX + "fields_sanitised")
			.description("Fields of user records changed to fit their columns (control characters, length, times)")
			.tag("connection", this.connection)
			.register(this.registry)
			.increment(fields);
	}

	/** A users page was read. */
	public void page() {
		Counter.builder(PREFIX + "pages")
			.description("Users pages read")
			.tag("connection", this.connection)
			.register(this.registry)
			.increment();
	}

	/** The peak of the heap so far, all heap pools together, in MB. */
	public static long peakHeapMegabytes() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP)
			.mapToLong(pool -> pool.getPeakUsage().getUsed())
			.sum() / (1024 * 1024);
	}

	/** Registers a gauge the caller keeps the value of. */
	public void register(Gauge.Builder<?> gauge) {
		gauge.register(this.registry);
	}

	/** Every meter, in the Prometheus text format. */
	public String scrape() {
		return this.registry.scrape();
	}

}
