package io.github.zohousersbatch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.metrics.MetricsProperties;
import io.github.zohousersbatch.metrics.RunMetrics;
import io.micrometer.core.instrument.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * At the end of each execution, adds its outcome to the {@link RunMetrics} and writes
 * them all, in the Prometheus text format, to {@code zoho.metrics.textfile}
 * ({@code {connection}} in the path is replaced by the connection name): write to a
 * temporary file, then move, as the textfile collector requires. Without the property
 * nothing is written.
 */
@Component
@EnableConfigurationProperties(MetricsProperties.class)
class MetricsTextFile implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(MetricsTextFile.class);

	private final RunMetrics metrics;

	private final MetricsProperties properties;

	private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

	MetricsTextFile(RunMetrics metrics, MetricsProperties properties) {
		this.metrics = metrics;
		this.properties = properties;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		this.metrics.connection(execution.getJobParameters().getString(ZohoJob.CONNECTION));
	}

	@Override
	public void afterJob(JobExecution execution) {
		if (!this.properties.writesTextfile()) {
			return;
		}
		String connection = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		record(execution);
		Path file = Path.of(this.properties.textfile().replace("{connection}", connection));
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
			Files.writeString(temporary, this.metrics.scrape(), StandardCharsets.UTF_8);
			readableByAll(temporary);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			log.warn("Metrics not written to {}: {}", file, ex.getMessage());
		}
	}

	// node_exporter runs as another user; the file holds counts and timings, no secret
	private static void readableByAll(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

	private void record(JobExecution execution) {
		ExecutionCounts counts = ExecutionCounts.of(execution);
		gauge("users_read", "Users read by the last execution", counts.read());
		gauge("users_active", "Active users written by the last execution", counts.active());
		gauge("users_filtered", "Users filtered out (not active) by the last execution", counts.filtered());
		gauge("users_skipped", "Unusable user records skipped by the last execution", counts.skipped());
		gauge("users_deactivated", "Users deactivated by the last execution", counts.deactivated());
		gauge("run_duration_seconds", "Duration of the last execution", seconds(execution));
		gauge("run_success", "1 when the last execution completed, 0 otherwise",
				(execution.getStatus() == BatchStatus.COMPLETED) ? 1 : 0);
		gauge("run_end_timestamp_seconds", "When the last execution ended (Unix time)", (execution.getEndTime() != null)
				? execution.getEndTime().atZone(ZoneId.systemDefault()).toEpochSecond() : 0);
		gauge("run_execution_id", "Job execution id of the last execution", execution.getId());
	}

	// one holder per gauge: a gauge is registered once and then reports whatever the last
	// execution set
	private void gauge(String name, String description, double value) {
		String connection = this.metrics.connection();
		this.values.computeIfAbsent(name + "/" + connection, key -> {
			AtomicReference<Double> holder = new AtomicReference<>(0.0);
			this.metrics.register(Gauge.builder(RunMetrics.PREFIX + name, holder, AtomicReference::get)
				.description(description)
				.tag("connection", connection));
			return holder;
		}).set(value);
	}

	private static double seconds(JobExecution execution) {
		if (execution.getStartTime() == null || execution.getEndTime() == null) {
			return 0;
		}
		return Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() / 1000.0;
	}

}
