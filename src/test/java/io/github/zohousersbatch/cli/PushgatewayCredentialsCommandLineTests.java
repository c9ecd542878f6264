package io.github.zohousersbatch.cli;

import io.github.zohousersbatch.cli.JarProcess.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command configured to push with a bearer token over plain http to another host stops
 * before anything is pushed, as a configuration error.
 */
class PushgatewayCredentialsCommandLineTests {

	@Test
	void aBearerTokenOverPlainHttpOffLoopbackIsAConfigurationError() {
		// when
		Result result = JarProcess.inProcess("status",
				"--management.prometheus.metrics.export.pushgateway.enabled=true",
				"--management.prometheus.metrics.export.pushgateway.address=pushgateway.invalid:9091",
				"--management.prometheus.metrics.export.pushgateway.token=t0ken");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr())
			.contains("CONFIGURATION: The Pushgateway at pushgateway.invalid:9091 is reached "
					+ "over plain http, which would send its bearer token in clear")
			.doesNotContain("t0ken");
	}

}
