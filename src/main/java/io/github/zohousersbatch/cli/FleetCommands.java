package io.github.zohousersbatch.cli;

import io.github.zohousersbatch.fleet.FleetOutcomes;

import org.springframework.batch.core.job.JobExecution;

/**
 * What {@code run} and {@code restart} do once a fleet execution ended: its report on
 * standard output and in the summary file, and the exit code.
 */
final class FleetCommands {

	private FleetCommands() {
	}

	static int report(SpringSession spring, JobExecution fleet, SummaryFileOption summaryFile) {
		FleetReport report = FleetReport.of(fleet, spring.bean(FleetOutcomes.class).of(fleet));
		summaryFile.write(report);
		report.print(System.out);
		return report.exitCode();
	}

}
