package io.github.zohousersbatch.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.fleet.FleetOutcomes;
import io.github.zohousersbatch.fleet.FleetRuns;
import io.github.zohousersbatch.job.ExecutionDetails;
import io.github.zohousersbatch.job.ExecutionHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;

/**
 * {@code status}: the recent executions, newest first, as a table;
 * {@code status EXECUTION_ID}: one execution in full, with its steps, the remedy and what
 * restart would do.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = { "List recent executions, newest first.",
				"With an EXECUTION_ID: that execution in full, with its steps, the failure and its remedy, and what "
						+ "restart would do." })
class StatusCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Parameters(arity = "0..1", paramLabel = "EXECUTION_ID", description = "Show this execution in full.")
	private Long executionId;

	@Option(names = "--connection", converter = ConnectionNameOption.class, paramLabel = "NAME",
			description = "Only this connection.")
	private String connection;

	@Option(names = "--limit", defaultValue = "20", paramLabel = "N",
			description = "How many executions; default: ${DEFAULT-VALUE}.")
	private int limit;

	@Option(names = "--fleet", description = "List fleet executions (run --all) instead.")
	private boolean fleet;

	@Mixin
	private FormatOption output;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			StatusReport report = new StatusReport(System.out, this.output.format());
			FleetRuns fleets = spring.bean(FleetRuns.class);
			if (this.fleet && this.executionId == null) {
				List<FleetReport> reports = fleets.recent(this.limit)
					.stream()
					.map(execution -> FleetReport.of(execution, spring.bean(FleetOutcomes.class).of(execution)))
					.toList();
				report.fleets(reports);
				return 0;
			}
			Optional<JobExecution> fleetExecution = (this.executionId != null) ? fleets.find(this.executionId)
					: Optional.empty();
			if (fleetExecution.isPresent()) {
				report.fleet(FleetReport.of(fleetExecution.get(),
						spring.bean(FleetOutcomes.class).of(fleetExecution.get())));
				return 0;
			}
			if (this.executionId == null) {
				report.list(spring.bean(ExecutionHistory.class).recent(this.connection, this.limit));
				return 0;
			}
			report.detail(spring.bean(ExecutionDetails.class)
				.find(this.executionId)
				.orElseThrow(() -> new ZohoBatchException(FailureReason.CONFIGURATION, "No execution "
						+ this.executionId + " of zohoActiveUsersJob; list them with: zoho-users-batch status")));
			return 0;
		}
	}

}
