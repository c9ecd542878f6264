package io.github.zohousersbatch.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.github.zohousersbatch.ZohoJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.MDC;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.stereotype.Component;

/**
 * The meters of this process's runs: Zoho requests (latency by endpoint and outcome),
 * retries and pages, and at the end the counts and duration of each execution, in Spring
 * Boot's Prometheus registry beside Spring Batch's own {@code spring.batch.*}
 * observations. A batch process cannot be scraped, so the {@code job} package writes them
 * for node-exporter's textfile collector and pushes them to a Pushgateway.
 * <p>
 * Every meter carries the connection of the execution it was recorded for, taken from the
 * Spring Batch job or step context of the recording thread (several connections may run
 * at once, each on its own threads); work handed to other threads says whose it is with
 * {@link #onBehalfOf}. Outside an execution (authorize, check) the tag is empty.
 */
@Component
public class RunMetrics {

	/** Prefix of every meter of ours. */
	public static final String PREFIX = "zoho_users_batch_";

	private static final ThreadLocal<String> DELEGATED = new ThreadLocal<>();

	private final PrometheusMeterRegistry registry;

	public RunMetrics(PrometheusMeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Runs {@code work} on this thread with its meters tagged with {@code connection}:
	 * for threads that Spring Batch does not know (a prefetching pool).
	 */
	public static <T> T onBehalfOf(String connection, Supplier<T> work) {
		String previous = DELEGATED.get();
		DELEGATED.set(connection);
		try {
			return work.get();
		}
		finally {
			if (previous != null) {
				DELEGATED.set(previous);
			}
			else {
				DELEGATED.remove();
			}
		}
	}

	/**
	 * {@code work} as a task for a thread that Spring Batch does not know, logging and
	 * counting for the run of this thread: its log context (MDC) and {@code connection}.
	 */
	public static Runnable forRun(String connection, Runnable work) {
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		return () -> {
			if (logContext != null) {
				MDC.setContextMap(logContext);
			}
			try {
				onBehalfOf(connection, () -> {
					work.run();
					return null;
				});
			}
			finally {
				MDC.clear();
			}
		};
	}

	/** The connection whose execution this thread works for, or empty outside one. */
	public static String connection() {
		String delegated = DELEGATED.get();
		if (delegated != null) {
			return delegated;
		}
		StepContext step = StepSynchronizationManager.getContext();
		JobContext job = JobSynchronizationManager.getContext();
		JobExecution execution = (step != null) ? step.getStepExecution().getJobExecution()
				: (job != null) ? job.getJobExecution() : null;
		String name = (execution != null) ? execution.getJobParameters().getString(ZohoJob.CONNECTION) : null;
		return (name != null) ? name : "";
	}

	/**
	 * A Zoho request ended: {@code endpoint} users, org or token; {@code outcome} the
	 * status or the error.
	 */
	public void request(String endpoint, String outcome, Duration duration) {
		Timer.builder(PREFIX + "http_requests")
			.description("Requests to Zoho, by endpoint and outcome")
			.tag("connection", connection())
			.tag("endpoint", endpoint)
			.tag("outcome", outcome)
			.register(this.registry)
			.record(duration);
	}

	/** A request is about to be retried. */
	public void retry() {
		Counter.builder(PREFIX + "http_retries")
			.description("Zoho requests retried")
			.tag("connection", connection())
			.register(this.registry)
			.increment();
	}

	/** Fields of user records were changed to fit their columns. */
	public void sanitised(int fields) {
		Counter.builder(PREFIX + "fields_sanitised")
			.description("Fields of user records changed to fit their columns (control characters, length, times)")
			.tag("connection", connection())
			.register(this.registry)
			.increment(fields);
	}

	/** A users page was read. */
	public void page() {
		Counter.builder(PREFIX + "pages")
			.description("Users pages read")
			.tag("connection", connection())
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

	/**
	 * The series of one connection, for its Pushgateway group: a registry that holds them
	 * alone.
	 */
	public PrometheusRegistry of(String connection) {
		PrometheusRegistry series = new PrometheusRegistry();
		series.register(new ConnectionSeries(this.registry.getPrometheusRegistry(), connection));
		return series;
	}

	/** The series of one connection, in the Prometheus text format. */
	public String scrape(String connection) {
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		try {
			PrometheusTextFormatWriter.create()
				.write(text, new ConnectionSeries(this.registry.getPrometheusRegistry(), connection).collect());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString(StandardCharsets.UTF_8);
	}

}
