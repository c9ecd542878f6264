package io.github.zohousersbatch.job;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.metrics.RunMetrics;
import io.micrometer.core.instrument.Gauge;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager;
import org.springframework.stereotype.Component;

/**
 * At the end of each execution, adds its outcome (counts, duration, success) to the
 * {@link RunMetrics}, tagged with its connection, and hands them over: to the text file
 * ({@link MetricsTextFile}) and, when a Pushgateway is configured, to the execution's
 * {@link PushgatewayConfiguration Pushgateway manager}, which pushes them once more when
 * the execution's job scope ends.
 */
@Component
class RunOutcomeMetrics implements JobExecutionListener {

	private final RunMetrics metrics;

	private final MetricsTextFile textFile;

	private final ObjectProvider<PrometheusPushGatewayManager> pushgateway;

	private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

	RunOutcomeMetrics(RunMetrics metrics, MetricsTextFile textFile,
			ObjectProvider<PrometheusPushGatewayManager> pushgateway) {
		this.metrics = metrics;
		this.textFile = textFile;
		this.pushgateway = pushgateway;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		// getting the execution's manager creates it: it pushes every push-rate from now
		// on, and once more when the job scope ends, after afterJob recorded the outcome
		this.pushgateway.ifAvailable(manager -> {
		});
	}

	@Override
	public void afterJob(JobExecution execution) {
		String connection = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		record(connection, execution);
		this.textFile.write(connection);
	}

	private void record(String connection, JobExecution execution) {
		ExecutionCounts counts = ExecutionCounts.of(execution);
		gauge(connection, "users_read", "Users read by the last execution", counts.read());
		gauge(connection, "users_active", "Active users written by the last execution", counts.active());
		gauge(connection, "users_filtered", "Users filtered out (not active) by the last execution", counts.filtered());
		gauge(connection, "users_skipped", "Unusable user records skipped by the last execution", counts.skipped());
		gauge(connection, "users_deactivated", "Users deactivated by the last execution", counts.deactivated());
		if (counts.zohoCount() != null) {
			gauge(connection, "users_counted", "Zoho's count of users the last execution checked its read against",
					counts.zohoCount());
			gauge(connection, "users_count_difference",
					"Distinct users listed minus Zoho's count in the last execution (non-zero: a listing stable over "
							+ "two reads that Zoho counts differently)",
					counts.countDifference());
		}
		gauge(connection, "run_duration_seconds", "Duration of the last execution", seconds(execution));
		gauge(connection, "run_success", "1 when the last execution completed, 0 otherwise",
				(execution.getStatus() == BatchStatus.COMPLETED) ? 1 : 0);
		gauge(connection, "run_end_timestamp_seconds", "When the last execution ended (Unix time)",
				(execution.getEndTime() != null) ? execution.getEndTime().atZone(ZoneId.systemDefault()).toEpochSecond()
						: 0);
		gauge(connection, "run_execution_id", "Job execution id of the last execution", execution.getId());
	}

	// one holder per gauge and connection: a gauge is registered once and then reports
	// whatever the last execution of its connection set
	private void gauge(String connection, String name, String description, double value) {
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
