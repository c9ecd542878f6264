package io.github.zohousersbatch.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which property arguments hold a secret, whatever spelling Spring accepts, and what the
 * warning says (never a value).
 */
class SecretArgumentsTests {

	@Test
	void secretsAreRecognisedInEverySpellingSpringBinds() {
		assertThat(SecretArguments.isSecret("zoho.connections.crm.client-secret")).isTrue();
		assertThat(SecretArguments.isSecret("zoho.connections.crm.clientSecret")).isTrue();
		assertThat(SecretArguments.isSecret("zoho.connections[crm].client_secret")).isTrue();
		assertThat(SecretArguments.isSecret("zoho.clients.org.client-secret")).isTrue();
		assertThat(SecretArguments.isSecret("zoho.secret-key")).isTrue();
		assertThat(SecretArguments.isSecret("spring.datasource.password")).isTrue();
		assertThat(SecretArguments.isSecret("spring.artemis.password")).isTrue();
		assertThat(SecretArguments.isSecret("management.prometheus.metrics.export.pushgateway.token")).isTrue();
		assertThat(SecretArguments.isSecret("zoho.secret-key-file")).isFalse();
		assertThat(SecretArguments.isSecret("zoho.connections.crm.client-id")).isFalse();
		assertThat(SecretArguments.isSecret("spring.datasource.username")).isFalse();
	}

	@Test
	void theWarningNamesThePropertiesAndTheirVariablesNeverTheValues() {
		assertThat(SecretArguments.warning(List.of("--zoho.connections.crm.client-id=1000.ID",
				"--zoho.connections.crm.client-secret=s3cr3t", "--spring.artemis.password=hunter2")))
			.hasValueSatisfying(warning -> assertThat(warning)
				.contains("(--zoho.connections.crm.client-secret, --spring.artemis.password)")
				.contains("(ZOHO_CONNECTIONS_CRM_CLIENTSECRET, SPRING_ARTEMIS_PASSWORD)")
				.contains("/proc/PID/cmdline")
				.doesNotContain("s3cr3t", "hunter2", "client-id"));
		assertThat(SecretArguments.warning(List.of("--zoho.connections.crm.client-id=1000.ID"))).isEmpty();
	}

}
