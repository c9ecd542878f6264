package io.github.zohousersbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.zohousersbatch.FailureReason;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

import static io.github.zohousersbatch.cli.SchedulerExamples.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler examples of {@code jobs/} are well-formed for their schedulers and run
 * documented commands that the command line accepts.
 * ({@code SchedulerExamplesEndToEndTests} runs them.)
 */
class SchedulerExamplesTests {

	/** Exit codes a scheduler must not retry: every code but 0 and 1. */
	static final List<String> FINAL_EXIT_CODES = List.of("2", "3", "4", "5", "6", "7");

	@Test
	void crontabHasEnvironmentLinesAndJobLinesOfFiveTimeFieldsAndACommand() {
		List<String> lines = SchedulerExamples.crontabLines();

		assertThat(lines).allSatisfy(line -> assertThat(SchedulerExamples.CRON_ENVIRONMENT.matcher(line).matches()
				|| SchedulerExamples.CRON_JOB.matcher(line).matches())
			.as(line)
			.isTrue());
		assertThat(SchedulerExamples.crontabCommands()).hasSize(1);
		assertThat(SchedulerExamples.crontabCommands()).allSatisfy(command -> assertThat(command).doesNotContain("%"));
		assertThat(SchedulerExamples.crontabEnvironment()).containsKeys("SHELL", "MAILTO", "ZOHO_HOME", "ZOHO_VAR",
				"ZOHO_USERS_BATCH_JAR", "ZOHO_RETRY_DELAY");
	}

	@Test
	void crontabRunsAndRetriesExitOneWithRestartLastFailed() {
		String command = SchedulerExamples.crontabCommands().get(0);

		List<List<String>> calls = SchedulerExamples.launcherCalls(command);

		assertThat(calls)
			.containsExactly(List.of("run", "--connection", "default", "--summary-file", "$ZOHO_VAR/default.json"), List
				.of("restart", "--last-failed", "--connection", "default", "--summary-file", "$ZOHO_VAR/default.json"));
		calls.forEach(SchedulerExamplesTests::assertDocumentedCommand);
		assertThat(command).contains("if [ \"$rc\" -eq 1 ] || [ \"$rc\" -eq 8 ]; then sleep \"$ZOHO_RETRY_DELAY\"");
	}

	@Test
	void systemdServiceRunsTheLauncherOnceAndRetriesOnlyExitOne() {
		Map<String, Map<String, List<String>>> service = SchedulerExamples.unit("systemd/zoho-users-batch@.service");

		assertThat(service).containsOnlyKeys("Unit", "Service");
		Map<String, List<String>> unit = service.get("Service");
		assertThat(unit.get("Type")).containsExactly("oneshot");
		assertThat(unit.get("ExecStart")).hasSize(1);
		String execStart = unit.get("ExecStart").get(0);
		assertThat(execStart).startsWith("/opt/zoho-users-batch/jobs/zoho-users-batch ");
		List<List<String>> calls = SchedulerExamples.launcherCalls(execStart);
		assertThat(calls).hasSize(1);
		assertThat(calls.get(0)).startsWith("run", "--connection", "%i");
		// as systemd fills in the instance: zoho-users-batch@crm-eu.service
		assertDocumentedCommand(calls.get(0).stream().map(arg -> arg.replace("%i", "crm-eu")).toList());
		assertThat(unit.get("Restart")).containsExactly("on-failure");
		assertThat(Arrays.asList(unit.get("RestartPreventExitStatus").get(0).split(" ")))
			.containsExactlyElementsOf(FINAL_EXIT_CODES);
		assertThat(unit.get("EnvironmentFile")).containsExactly("/etc/zoho-users-batch/%i.env");
		assertThat(unit.get("Environment")).contains("ZOHO_USERS_BATCH_JAR=/opt/zoho-users-batch/zoho-users-batch.jar",
				"ZOHO_STATEDIR=%S/zoho-users-batch");
		assertThat(unit.get("StateDirectoryMode")).containsExactly("0700");
		assertThat(service.get("Unit")).containsKeys("Description", "StartLimitBurst", "StartLimitIntervalSec");
	}

	@Test
	void systemdTimerStartsTheServiceNightlyAndCatchesUpAfterDowntime() {
		Map<String, Map<String, List<String>>> timer = SchedulerExamples.unit("systemd/zoho-users-batch@.timer");

		assertThat(timer).containsOnlyKeys("Unit", "Timer", "Install");
		assertThat(timer.get("Timer").get("OnCalendar")).containsExactly("*-*-* 02:15:00");
		assertThat(timer.get("Timer").get("Persistent")).containsExactly("true");
		assertThat(timer.get("Install").get("WantedBy")).containsExactly("timers.target");
		// a template timer starts the template service of the same name and instance
		assertThat(timer.get("Timer")).doesNotContainKey("Unit");
		assertThat(Path.of("jobs/systemd/zoho-users-batch@.service")).exists();
	}

	@Test
	void kubernetesCronJobRunsTheImageOneAtATimeWithItsSecret() {
		Map<String, Map<String, Object>> manifest = SchedulerExamples.manifest("kubernetes/cronjob.yaml");
		Map<String, Object> cronJob = manifest.get("CronJob");
		Map<String, Object> container = SchedulerExamples.cronJobContainer();

		assertThat(manifest).containsOnlyKeys("CronJob", "Secret", "Secret/zoho-users-batch-token-key");
		assertThat((String) cronJob.get("apiVersion")).isEqualTo("batch/v1");
		assertThat((String) at(cronJob, "spec", "concurrencyPolicy")).isEqualTo("Forbid");
		assertThat((String) at(cronJob, "spec", "schedule")).matches("(\\S+ ){4}\\S+");
		assertThat((String) at(cronJob, "spec", "jobTemplate", "spec", "template", "spec", "restartPolicy"))
			.isEqualTo("Never");
		// the image of the Dockerfile, started by its entrypoint, as its user
		assertThat(container).doesNotContainKey("command");
		assertThat((String) container.get("image")).contains("/zoho-users-batch:");
		assertThat((Integer) at(cronJob, "spec", "jobTemplate", "spec", "template", "spec", "securityContext",
				"runAsUser"))
			.isEqualTo(10001);
		List<String> args = at(container, "args");
		assertThat(parse(args).subcommand().commandSpec().name()).isEqualTo("run");
		assertDocumentedCommand(args);
		assertThat(args).containsSequence("--log-format", "json")
			.containsSequence("--summary-file", (String) at(container, "terminationMessagePath"));
		String secretName = at(container, "envFrom", 0, "secretRef", "name");
		assertThat((String) at(manifest.get("Secret"), "metadata", "name")).isEqualTo(secretName);
		assertThat((String) at(container, "envFrom", 1, "secretRef", "name")).isEqualTo("zoho-users-batch-token-key");
		Map<String, Object> secret = new TreeMap<>(
				SchedulerExamples.<Map<String, Object>>at(manifest.get("Secret"), "stringData"));
		secret.putAll(at(manifest.get("Secret/zoho-users-batch-token-key"), "stringData"));
		assertThat(secret).containsKeys("SPRING_DATASOURCE_URL", "ZOHO_CONNECTIONS_DEFAULT_CLIENTID",
				"ZOHO_CONNECTIONS_DEFAULT_CLIENTSECRET", "ZOHO_SECRETKEY");
		assertThat(secret.keySet()).containsExactlyInAnyOrderElementsOf(
				SchedulerExamples.environmentFile("systemd/zoho-users-batch.env.example").keySet());
	}

	@Test
	void kubernetesRetriesExitOneAndFailsTheJobOnTheOthers() {
		Map<String, Object> jobSpec = at(SchedulerExamples.manifest("kubernetes/cronjob.yaml").get("CronJob"), "spec",
				"jobTemplate", "spec");

		Map<String, Object> failJob = at(jobSpec, "podFailurePolicy", "rules", 0);

		assertThat((String) failJob.get("action")).isEqualTo("FailJob");
		assertThat((String) at(failJob, "onExitCodes", "containerName"))
			.isEqualTo(SchedulerExamples.cronJobContainer().get("name"));
		assertThat((String) at(failJob, "onExitCodes", "operator")).isEqualTo("In");
		List<Integer> codes = at(failJob, "onExitCodes", "values");
		assertThat(codes).map(String::valueOf).containsExactlyElementsOf(FINAL_EXIT_CODES);
		assertThat((Integer) jobSpec.get("backoffLimit")).isPositive();
	}

	@Test
	void crontabHasAFleetVariantThatRetriesOnlyWhatDidNotComplete() {
		List<String> fleetLines = SchedulerExamples.read("crontab.example")
			.lines()
			.filter(line -> line.startsWith("# ") && line.contains("--all"))
			.map(line -> line.substring(2))
			.filter(line -> SchedulerExamples.CRON_JOB.matcher(line).matches())
			.toList();

		assertThat(fleetLines).hasSize(1);
		Matcher job = SchedulerExamples.CRON_JOB.matcher(fleetLines.get(0));
		assertThat(job.matches()).isTrue();
		List<List<String>> calls = SchedulerExamples.launcherCalls(job.group(6));
		assertThat(calls).containsExactly(List.of("run", "--all", "--summary-file", "$ZOHO_VAR/fleet.json"),
				List.of("restart", "--last-failed", "--all", "--summary-file", "$ZOHO_VAR/fleet.json"));
		calls.forEach(SchedulerExamplesTests::assertDocumentedCommand);
		assertThat(job.group(6)).doesNotContain("%")
			.contains("if [ \"$rc\" -eq 1 ] || [ \"$rc\" -eq 8 ]; then sleep \"$ZOHO_RETRY_DELAY\"");
	}

	@Test
	void systemdFleetServiceRunsEveryConnectionAndRetriesWithARestartOfTheFleet() {
		Map<String, Map<String, List<String>>> service = SchedulerExamples
			.unit("systemd/zoho-users-batch-fleet.service");
		Map<String, Map<String, List<String>>> timer = SchedulerExamples.unit("systemd/zoho-users-batch-fleet.timer");

		Map<String, List<String>> unit = service.get("Service");
		assertThat(unit.get("Type")).containsExactly("oneshot");
		String execStart = unit.get("ExecStart").get(0);
		assertThat(execStart).startsWith("/bin/sh -c '").endsWith("'");
		List<List<String>> calls = SchedulerExamples.launcherCalls(execStart);
		assertThat(calls).containsExactly(List.of("run", "--all", "--summary-file", "%S/zoho-users-batch/fleet.json"),
				List.of("restart", "--last-failed", "--all", "--summary-file", "%S/zoho-users-batch/fleet.json"));
		calls.forEach(SchedulerExamplesTests::assertDocumentedCommand);
		// systemd expands a single $ itself: the shell's variables are doubled
		assertThat(execStart.replace("$$", "")).doesNotContain("$");
		// a Restart= would start a new fleet run, reading every connection again
		assertThat(unit).doesNotContainKey("Restart");
		assertThat(unit.get("EnvironmentFile")).containsExactly("/etc/zoho-users-batch/fleet.env");
		assertThat(timer.get("Timer").get("OnCalendar")).containsExactly("*-*-* 02:15:00");
		assertThat(timer.get("Install").get("WantedBy")).containsExactly("timers.target");
	}

	@Test
	void kubernetesFleetIsOneCronJobThatRetriesWithARestartOfTheFleet() {
		Map<String, Map<String, Object>> manifest = SchedulerExamples.manifest("kubernetes/cronjob-fleet.yaml");
		Map<String, Object> jobSpec = at(manifest.get("CronJob"), "spec", "jobTemplate", "spec");
		Map<String, Object> container = at(jobSpec, "template", "spec", "containers", 0);

		assertThat(manifest).containsOnlyKeys("CronJob", "Secret", "Secret/zoho-users-batch-fleet-token-key");
		assertThat((String) at(manifest.get("CronJob"), "spec", "concurrencyPolicy")).isEqualTo("Forbid");
		assertThat(SchedulerExamples.<List<String>>at(container, "command")).containsExactly("/bin/sh", "-c");
		String script = at(container, "args", 0);
		List<List<String>> calls = new ArrayList<>();
		Matcher jar = Pattern.compile("zoho-users-batch-image start /app((?:\\s+[^\\s;]+)+)").matcher(script);
		while (jar.find()) {
			calls.add(List.of(jar.group(1).trim().split("\\s+")));
		}
		assertThat(calls).containsExactly(
				List.of("run", "--all", "--log-format", "json", "--summary-file", "/dev/termination-log"),
				List.of("restart", "--last-failed", "--all", "--log-format", "json", "--summary-file",
						"/dev/termination-log"));
		calls.forEach(SchedulerExamplesTests::assertDocumentedCommand);
		assertThat(script).contains("if [ \"$rc\" -eq 1 ] || [ \"$rc\" -eq 8 ]; then");
		List<Integer> finalCodes = at(jobSpec, "podFailurePolicy", "rules", 0, "onExitCodes", "values");
		assertThat(finalCodes).map(String::valueOf).containsExactlyElementsOf(FINAL_EXIT_CODES);
		assertThat((String) at(container, "envFrom", 0, "secretRef", "name"))
			.isEqualTo(at(manifest.get("Secret"), "metadata", "name"));
		Map<String, Object> secret = at(manifest.get("Secret"), "stringData");
		assertThat(secret).containsKeys("SPRING_DATASOURCE_URL", "ZOHO_CLIENTS_MAIN_CLIENTID",
				"ZOHO_CLIENTS_MAIN_CLIENTSECRET", "ZOHO_FLEET_CONCURRENCY");
		assertThat((String) at(container, "envFrom", 1, "secretRef", "name"))
			.isEqualTo("zoho-users-batch-fleet-token-key");
		assertThat(SchedulerExamples.<Map<String, Object>>at(manifest.get("Secret/zoho-users-batch-fleet-token-key"),
				"stringData"))
			.containsOnlyKeys("ZOHO_SECRETKEY");
	}

	@Test
	void systemdWorkerIsALongRunningServiceStoppedWithSigterm() {
		Map<String, Map<String, List<String>>> service = SchedulerExamples
			.unit("systemd/zoho-users-batch-worker.service");

		Map<String, List<String>> unit = service.get("Service");
		List<List<String>> calls = SchedulerExamples.launcherCalls(unit.get("ExecStart").get(0));
		assertThat(calls).containsExactly(List.of("worker"));
		calls.forEach(SchedulerExamplesTests::assertDocumentedCommand);
		assertThat(unit.get("Type")).containsExactly("exec");
		assertThat(unit.get("KillSignal")).containsExactly("SIGTERM");
		assertThat(unit.get("Restart")).containsExactly("on-failure");
		assertThat(unit.get("TimeoutStopSec")).isNotEmpty();
		assertThat(unit.get("EnvironmentFile")).containsExactly("/etc/zoho-users-batch/worker.env");
		// a worker runs for hours: the JVM's own JIT and collector, not the launcher's
		// short-run ones
		assertThat(unit.get("Environment")).contains("\"JAVA_OPTS=-Xmx512m -XX:+TieredCompilation -XX:+UseG1GC\"");
		assertThat(service.get("Install").get("WantedBy")).containsExactly("multi-user.target");
	}

	@Test
	void kubernetesWorkersAreADeploymentOfTheImageWithTheBrokersSecret() {
		Map<String, Map<String, Object>> manifest = SchedulerExamples.manifest("kubernetes/worker-deployment.yaml");
		Map<String, Object> pod = at(manifest.get("Deployment"), "spec", "template", "spec");
		Map<String, Object> container = at(pod, "containers", 0);

		assertThat(manifest).containsOnlyKeys("Deployment", "Secret");
		List<String> args = at(container, "args");
		assertThat(parse(args).subcommand().commandSpec().name()).isEqualTo("worker");
		assertDocumentedCommand(args);
		assertThat((String) container.get("image"))
			.isEqualTo(at(SchedulerExamples.manifest("kubernetes/cronjob-fleet.yaml").get("CronJob"), "spec",
					"jobTemplate", "spec", "template", "spec", "containers", 0, "image"));
		assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(60);
		List<Map<String, String>> environment = at(container, "env");
		assertThat(environment).contains(Map.of("name", "JAVA_OPTS", "value", "-XX:+TieredCompilation -XX:+UseG1GC"));
		assertThat((String) at(container, "envFrom", 0, "secretRef", "name")).isEqualTo("zoho-users-batch-fleet");
		assertThat((String) at(container, "envFrom", 1, "secretRef", "name"))
			.isEqualTo(at(manifest.get("Secret"), "metadata", "name"));
		Map<String, Object> broker = at(manifest.get("Secret"), "stringData");
		assertThat(broker).containsKeys("SPRING_ARTEMIS_BROKER_URL", "SPRING_ARTEMIS_USER", "SPRING_ARTEMIS_PASSWORD");
		assertThat((String) at(container, "envFrom", 2, "secretRef", "name"))
			.isEqualTo("zoho-users-batch-fleet-token-key");
	}

	@Test
	void kubernetesPodsRunWithoutCapabilitiesASeccompProfileOrAServiceAccountToken() {
		for (Map<String, Object> pod : List.of(cronJobPod("kubernetes/cronjob.yaml"),
				cronJobPod("kubernetes/cronjob-fleet.yaml"),
				at(SchedulerExamples.manifest("kubernetes/worker-deployment.yaml").get("Deployment"), "spec",
						"template", "spec"))) {
			assertThat((Boolean) pod.get("automountServiceAccountToken")).isFalse();
			assertThat((String) at(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
			assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
			assertThat(SchedulerExamples.<List<Map<String, Object>>>at(pod, "containers")).allSatisfy(container -> {
				assertThat(SchedulerExamples.<List<String>>at(container, "securityContext", "capabilities", "drop"))
					.containsExactly("ALL");
				assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
				assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
			});
		}
	}

	@Test
	void theTokenKeyLivesInASecretOfItsOwnApartFromTheDatabaseCredentials() {
		for (String file : List.of("kubernetes/cronjob.yaml", "kubernetes/cronjob-fleet.yaml",
				"kubernetes/worker-deployment.yaml")) {
			List<Map<String, Object>> secrets = SchedulerExamples.manifest(file)
				.entrySet()
				.stream()
				.filter(document -> document.getKey().startsWith("Secret"))
				.map(document -> SchedulerExamples.<Map<String, Object>>at(document.getValue(), "stringData"))
				.toList();
			assertThat(secrets).as(file)
				.noneSatisfy(secret -> assertThat(secret).containsKeys("ZOHO_SECRETKEY", "SPRING_DATASOURCE_PASSWORD"));
			assertThat(secrets).as(file)
				.filteredOn(secret -> secret.containsKey("ZOHO_SECRETKEY"))
				.allSatisfy(secret -> assertThat(secret).containsOnlyKeys("ZOHO_SECRETKEY"));
		}
	}

	@Test
	void postgresqlIsReachedWithVerifyFullAndTheBrokerOverTlsWithItsHostVerified() {
		List<String> databaseUrls = new ArrayList<>();
		databaseUrls.add(
				SchedulerExamples.environmentFile("systemd/zoho-users-batch.env.example").get("SPRING_DATASOURCE_URL"));
		for (String file : List.of("kubernetes/cronjob.yaml", "kubernetes/cronjob-fleet.yaml")) {
			databaseUrls.add(at(SchedulerExamples.manifest(file).get("Secret"), "stringData", "SPRING_DATASOURCE_URL"));
		}
		assertThat(databaseUrls).hasSize(3)
			.allSatisfy(url -> assertThat(url).startsWith("jdbc:postgresql://")
				.contains("?sslmode=verify-full&sslrootcert=/etc/zoho-users-batch/"));
		List<String> brokerUrls = new ArrayList<>();
		brokerUrls.add(at(SchedulerExamples.manifest("kubernetes/worker-deployment.yaml").get("Secret"), "stringData",
				"SPRING_ARTEMIS_BROKER_URL"));
		SchedulerExamples.read("systemd/zoho-users-batch.env.example")
			.lines()
			.filter(line -> line.startsWith("# SPRING_ARTEMIS_BROKER_URL="))
			.forEach(line -> brokerUrls.add(line.substring(line.indexOf('=') + 1)));
		assertThat(brokerUrls).hasSize(2)
			.allSatisfy(url -> assertThat(url).contains("sslEnabled=true")
				.contains("verifyHost=true")
				.contains("trustStorePath=/etc/zoho-users-batch/")
				.doesNotContain(":61616"));
	}

	@Test
	void crontabLinesCreateTheirFolderAndLogsForTheUserAlone() {
		List<String> lines = new ArrayList<>(SchedulerExamples.crontabCommands());
		SchedulerExamples.read("crontab.example")
			.lines()
			.filter(line -> line.startsWith("# ") && line.contains("--all"))
			.map(line -> SchedulerExamples.CRON_JOB.matcher(line.substring(2)))
			.filter(Matcher::matches)
			.forEach(job -> lines.add(job.group(6)));

		assertThat(lines).hasSize(2)
			.allSatisfy(command -> assertThat(command).startsWith("umask 077 && mkdir -p \"$ZOHO_VAR\" && "));
	}

	private static Map<String, Object> cronJobPod(String file) {
		return at(SchedulerExamples.manifest(file).get("CronJob"), "spec", "jobTemplate", "spec", "template", "spec");
	}

	@Test
	void exitCodeTableListsEveryCodeWithWhatToDo() throws Exception {
		String table = SchedulerExamples.read("EXIT-CODES.md");
		Matcher rows = Pattern.compile("(?m)^\\| (\\d) \\| `([A-Z_]+)` \\|").matcher(table);
		Map<Integer, String> codes = new TreeMap<>();
		while (rows.find()) {
			codes.put(Integer.valueOf(rows.group(1)), rows.group(2));
		}

		assertThat(codes.keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
		assertThat(codes).containsEntry(0, "COMPLETED").containsEntry(7, "MASS_DEACTIVATION");
		for (FailureReason reason : FailureReason.values()) {
			assertThat(codes).containsEntry(reason.exitCode(), reason.name());
		}
		assertThat(table).contains("restart --last-failed").contains("page an operator");
		assertThat(Files.readString(Path.of("README.md"))).contains("jobs/EXIT-CODES.md");
	}

	private static void assertDocumentedCommand(List<String> args) {
		ParseResult parsed = parse(args);
		assertThat(parsed.hasSubcommand()).as(String.join(" ", args)).isTrue();
		assertThat(SchedulerExamples.documentedCommands()).contains(parsed.subcommand().commandSpec().name());
	}

	private static ParseResult parse(List<String> args) {
		return SchedulerExamples.parse(args);
	}

}
