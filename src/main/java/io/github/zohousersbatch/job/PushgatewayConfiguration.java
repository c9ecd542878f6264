package io.github.zohousersbatch.job;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.metrics.RunMetrics;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusProperties;
import org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.util.StringUtils;

/**
 * Pushes each execution's metrics to a Prometheus Pushgateway with Spring Boot's
 * {@link PrometheusPushGatewayManager} and its
 * {@code management.prometheus.metrics.export.pushgateway.*} properties, one manager per
 * execution (job scope), so that its grouping key holds the job and the execution's
 * connection. The manager pushes every {@code push-rate} while the execution runs and,
 * when it ends, does the {@code shutdown-operation}: {@code put} keeps the final metrics
 * in the Pushgateway, {@code delete} removes the group. Boot's own application-wide
 * manager backs off, as this one is defined.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("management.prometheus.metrics.export.pushgateway.enabled")
class PushgatewayConfiguration {

	/** The {@code job} grouping label unless {@code pushgateway.job} says otherwise. */
	static final String JOB = "zoho-users-batch";

	private static final Logger log = LoggerFactory.getLogger(PushgatewayConfiguration.class);

	/**
	 * Refuses, when the application starts, a token or password that would cross the
	 * network in clear to a Pushgateway on another host.
	 */
	@Bean
	SmartInitializingSingleton pushgatewayCredentialsCheck(PrometheusProperties properties) {
		return () -> requireProtectedCredentials(properties.getPushgateway());
	}

	static void requireProtectedCredentials(PrometheusProperties.Pushgateway settings) {
		boolean credentials = StringUtils.hasText(settings.getToken()) || StringUtils.hasText(settings.getUsername());
		if (credentials && settings.getScheme() != PrometheusProperties.Pushgateway.Scheme.HTTPS
				&& !isLoopback(settings.getAddress())) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"The Pushgateway at " + settings.getAddress() + " is reached over plain http, which would send its "
							+ (StringUtils.hasText(settings.getToken()) ? "bearer token" : "password")
							+ " in clear: set management.prometheus.metrics.export.pushgateway.scheme=https "
							+ "(or reach it on this host's loopback address)");
		}
	}

	// host:port, [v6]:port or host; not resolved: a name other than localhost may lead
	// anywhere
	static boolean isLoopback(String address) {
		if (address == null) {
			return false;
		}
		String host = address.startsWith("[") ? address.substring(1, Math.max(1, address.indexOf(']')))
				: (address.indexOf(':') >= 0) ? address.substring(0, address.lastIndexOf(':')) : address;
		return host.equalsIgnoreCase("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
	}

	@Bean(destroyMethod = "shutdown")
	@Scope("job")
	PrometheusPushGatewayManager pushgatewayManager(RunMetrics metrics, PrometheusProperties properties) {
		PrometheusProperties.Pushgateway settings = properties.getPushgateway();
		String job = Objects.requireNonNullElse(settings.getJob(), JOB);
		String connection = JobSynchronizationManager.getContext()
			.getJobExecution()
			.getJobParameters()
			.getString(ZohoJob.CONNECTION);
		PushGateway.Builder builder = PushGateway.builder()
			.address(settings.getAddress())
			.scheme((settings.getScheme() == PrometheusProperties.Pushgateway.Scheme.HTTPS) ? Scheme.HTTPS
					: Scheme.HTTP)
			.format((settings.getFormat() == PrometheusProperties.Pushgateway.Format.TEXT) ? Format.PROMETHEUS_TEXT
					: Format.PROMETHEUS_PROTOBUF)
			// a Pushgateway that does not answer must not hold up the run for long
			.connectionTimeout(Duration.ofSeconds(5))
			.readTimeout(Duration.ofSeconds(10))
			.job(job)
			// the connection's series alone: the fleet's other connections push their own
			.registry(metrics.of(connection));
		settings.getGroupingKey().forEach(builder::groupingKey);
		builder.groupingKey("connection", connection);
		if (StringUtils.hasText(settings.getToken())) {
			builder.bearerToken(settings.getToken());
		}
		else if (StringUtils.hasText(settings.getUsername())) {
			builder.basicAuth(settings.getUsername(), settings.getPassword());
		}
		log.info("Pushing the metrics of connection '{}' to the Pushgateway at {} (job {}, every {}, then {})",
				connection, settings.getAddress(), job,
				settings.getPushRate().toString().substring(2).toLowerCase(Locale.ROOT),
				settings.getShutdownOperation().name().toLowerCase(Locale.ROOT));
		return new PrometheusPushGatewayManager(builder.build(), settings.getPushRate(),
				settings.getShutdownOperation());
	}

}
