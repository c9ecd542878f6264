package io.github.zohousersbatch.job;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code {connection}} in {@code zoho.metrics.textfile} never takes the file out of the
 * directory the template names.
 */
class MetricsTextFileTests {

	@Test
	void aConnectionNameFillsTheTemplateInItsDirectory() {
		assertThat(MetricsTextFile.file("/var/lib/node_exporter/zoho_{connection}.prom", "crm-eu"))
			.isEqualTo(Path.of("/var/lib/node_exporter/zoho_crm-eu.prom"));
		assertThat(MetricsTextFile.file("/var/metrics/{connection}/zoho.prom", "crm"))
			.isEqualTo(Path.of("/var/metrics/crm/zoho.prom"));
		assertThat(MetricsTextFile.file("/var/metrics/zoho.prom", "../x")).isEqualTo(Path.of("/var/metrics/zoho.prom"));
	}

	@Test
	void aNameThatWouldLeaveTheDirectoryGetsNoFile() {
		assertThat(MetricsTextFile.file("/var/lib/node_exporter/zoho_{connection}.prom",
				"x/../../../../home/u/.ssh/authorized_keys"))
			.isNull();
		assertThat(MetricsTextFile.file("/var/metrics/{connection}/zoho.prom", "..")).isNull();
		assertThat(MetricsTextFile.file("/var/metrics/{connection}", "")).isNull();
	}

}
