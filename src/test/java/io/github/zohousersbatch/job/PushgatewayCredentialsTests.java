package io.github.zohousersbatch.job;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusProperties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Pushgateway's bearer token or password never crosses the network in clear: over plain
 * http only to this host's loopback address.
 */
class PushgatewayCredentialsTests {

	@Test
	void aTokenOrPasswordOverPlainHttpToAnotherHostIsRefused() {
		assertThatExceptionOfType(ZohoBatchException.class)
			.isThrownBy(() -> PushgatewayConfiguration
				.requireProtectedCredentials(settings("pushgateway.monitoring:9091", "http", "t0ken", null)))
			.satisfies(ex -> org.assertj.core.api.Assertions.assertThat(ex.reason())
				.isEqualTo(FailureReason.CONFIGURATION))
			.withMessage("The Pushgateway at pushgateway.monitoring:9091 is reached over plain http, which would send "
					+ "its bearer token in clear: set management.prometheus.metrics.export.pushgateway.scheme=https "
					+ "(or reach it on this host's loopback address)")
			.withMessageNotContaining("t0ken");
		assertThatExceptionOfType(ZohoBatchException.class)
			.isThrownBy(() -> PushgatewayConfiguration
				.requireProtectedCredentials(settings("10.0.0.7:9091", "http", null, "metrics")))
			.withMessageContaining("its password in clear");
		assertThatExceptionOfType(ZohoBatchException.class).isThrownBy(() -> PushgatewayConfiguration
			.requireProtectedCredentials(settings("localhost.attacker.example:9091", "http", "t0ken", null)));
	}

	@Test
	void httpsAnyCredentialsOnLoopbackAndNoCredentialsAreAccepted() {
		assertThatCode(() -> PushgatewayConfiguration
			.requireProtectedCredentials(settings("pushgateway.monitoring:9091", "https", "t0ken", null)))
			.doesNotThrowAnyException();
		for (String loopback : new String[] { "localhost:9091", "127.0.0.1:9091", "[::1]:9091", "127.1.2.3" }) {
			assertThatCode(() -> PushgatewayConfiguration
				.requireProtectedCredentials(settings(loopback, "http", null, "metrics"))).doesNotThrowAnyException();
		}
		assertThatCode(() -> PushgatewayConfiguration
			.requireProtectedCredentials(settings("pushgateway.monitoring:9091", "http", null, null)))
			.doesNotThrowAnyException();
	}

	private static PrometheusProperties.Pushgateway settings(String address, String scheme, String token,
			String username) {
		PrometheusProperties.Pushgateway settings = new PrometheusProperties().getPushgateway();
		settings.setAddress(address);
		settings.setScheme(scheme.equals("https") ? PrometheusProperties.Pushgateway.Scheme.HTTPS
				: PrometheusProperties.Pushgateway.Scheme.HTTP);
		settings.setToken(token);
		settings.setUsername(username);
		settings.setPassword((username != null) ? "s3cret" : null);
		return settings;
	}

}
