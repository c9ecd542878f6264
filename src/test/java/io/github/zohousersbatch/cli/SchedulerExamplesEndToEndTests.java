package io.github.zohousersbatch.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler examples of {@code jobs/} run as their schedulers run them, with only the
 * installation paths and the configuration values replaced: the crontab line in
 * {@code sh} with the crontab's environment, the Kubernetes container's command with the
 * Secret's variables, the systemd service with the environment systemd gives a dynamic
 * user.
 */
class SchedulerExamplesEndToEndTests {

	final ZohoFixture fixture = ZohoFixture.forProcesses(TestDatabase.dataSource());

	final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path home;

	@BeforeAll
	static void migrateSchema() throws Exception {
		// the changelog the jar runs at start, run here so that the tables can be
		// prepared before the first start
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(TestDatabase.dataSource());
		liquibase.setChangeLog("classpath:sql/changelog.xml");
		liquibase.afterPropertiesSet();
	}

	@BeforeEach
	void cleanState() {
		this.fixture.zoho().resetAll();
		Tables.clean(this.fixture.jdbc());
	}

	@Test
	void crontabLineRetriesAFailedRunOnceWithRestartAndStaysSilentWhenThatCompletes() throws Exception {
		// given: page 3 comes back malformed once (no retry helps: the run fails with
		// exit 1), then right
		this.fixture.authorized("default");
		stubPages();
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(3)
				.inScenario("flaky page 3")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"users\":{},\"info\":{\"page\":3,\"per_page\":5,\"count\":0,\"more_records\":true}}"))
				.willSetStateTo("recovered"));
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(3)
				.inScenario("flaky page 3")
				.whenScenarioStateIs("recovered")
				.willReturn(ZohoWireMock.json("users-page-3.json")));

		// when
		Cron cron = cronLine(JarProcess.JAR.toAbsolutePath());

		// then: nothing on standard output, so cron mails nothing
		assertThat(cron.exitCode()).isZero();
		assertThat(cron.stdout()).isEmpty();
		assertThat(this.fixture.jdbc()
			.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "COMPLETED");
		assertThat(this.fixture.jdbc()
			.sql("select count(distinct job_instance_id) from batch_job_execution")
			.query(Long.class)
			.single()).isEqualTo(1);
		JsonNode summary = this.json.readTree(cron.var().resolve("default.json").toFile());
		assertThat(summary.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(summary.get("exitCode").asInt()).isZero();
		assertThat(summary.get("read").asLong()).isEqualTo(7);
		assertThat(Files.readString(cron.var().resolve("default.log"))).contains("FAILED: aggregateUsers: Users page 3")
			.contains("Resuming connection 'default' at users page 3")
			.contains("COMPLETED");
	}

	@Test
	void crontabLinePrintsOneLineForCronToMailOnAFinalExitCode() throws Exception {
		// given: the launcher finds no jar, a configuration error (2) that no retry fixes

		// when
		Cron cron = cronLine(this.home.resolve("missing.jar"));

		// then
		assertThat(cron.exitCode()).isZero();
		assertThat(cron.stdout()).isEqualTo("zoho-users-batch: connection default ended with exit code 2 - see "
				+ cron.var().resolve("default.log") + " and jobs/EXIT-CODES.md\n");
		assertThat(Files.readString(cron.var().resolve("default.log"))).contains("jar not found");
		assertThat(this.fixture.jdbc().sql("select count(*) from batch_job_execution").query(Long.class).single())
			.isZero();
	}

	@Test
	void kubernetesContainerRunsWithTheSecretsVariablesAndLogsJsonOnly() throws Exception {
		// given
		this.fixture.authorized("default");
		stubPages();
		Path terminationLog = Files.createFile(this.home.resolve("termination-log"));
		Map<String, Object> container = SchedulerExamples.cronJobContainer();
		// the image's start command, its build carried out outside a container
		ContainerImage.build();
		List<String> command = new ArrayList<>(ContainerImage.startCommand());
		SchedulerExamples.<List<String>>at(container, "args")
			.forEach(arg -> command.add(arg.equals("/dev/termination-log") ? terminationLog.toString() : arg));
		Map<String, String> secret = new HashMap<>(Map.of("SPRING_DATASOURCE_URL", TestDatabase.url(),
				"SPRING_DATASOURCE_USERNAME", TestDatabase.user(), "SPRING_DATASOURCE_PASSWORD",
				TestDatabase.password(), "ZOHO_CONNECTIONS_DEFAULT_DATACENTER", "us",
				"ZOHO_CONNECTIONS_DEFAULT_CLIENTID", ZohoBatchTest.CLIENT_ID, "ZOHO_CONNECTIONS_DEFAULT_CLIENTSECRET",
				ZohoBatchTest.CLIENT_SECRET, "ZOHO_SECRETKEY", ZohoBatchTest.SECRET_KEY));
		Map<String, Object> manifestSecret = new HashMap<>(SchedulerExamples
			.at(SchedulerExamples.manifest("kubernetes/cronjob.yaml").get("Secret"), "stringData"));
		manifestSecret.putAll(SchedulerExamples.at(
				SchedulerExamples.manifest("kubernetes/cronjob.yaml").get("Secret/zoho-users-batch-token-key"),
				"stringData"));
		assertThat(secret.keySet()).containsExactlyInAnyOrderElementsOf(manifestSecret.keySet());
		// what the test environment adds: WireMock as the accounts server, small pages
		secret.put("ZOHO_CONNECTIONS_DEFAULT_ACCOUNTSURL", ZohoWireMock.baseUrl());
		secret.put("ZOHO_JOB_PAGESIZE", "5");
		secret.putAll(ContainerImage.environment());

		// when
		JarProcess.Result result = run(command, secret, this.home);

		// then
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout().lines()).singleElement().asString().startsWith("Execution ").contains("COMPLETED");
		assertThat(result.stderr().lines().toList()).isNotEmpty().allSatisfy(line -> {
			JsonNode event = this.json.readTree(line);
			assertThat(event.get("log").get("logger").asString()).as(line).startsWith("io.github.zohousersbatch.");
		});
		assertThat(result.stderr()).contains("\"message\":\"Execution 1 of connection 'default' COMPLETED in ");
		JsonNode summary = this.json.readTree(terminationLog.toFile());
		assertThat(summary.get("connection").asString()).isEqualTo("default");
		assertThat(summary.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(summary.get("active").asLong()).isEqualTo(10);
	}

	@Test
	void systemdServiceRunsAsADynamicUserWhoseHomeIsNotWritable() throws Exception {
		// given: the key in the environment file (ZOHO_SECRETKEY), the tokens stored with
		// it
		this.fixture.authorized("default");
		stubPages();
		Service service = systemdService(true);

		// when
		JarProcess.Result result = run(service.command(), service.environment(), service.stateDirectory());

		// then: the launcher's cache and the summary are in the state directory, no key
		// file was needed
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(service.stateDirectory().resolve("launcher/app/zoho-users-batch.jar")).isRegularFile();
		JsonNode summary = this.json.readTree(service.stateDirectory().resolve("default.json").toFile());
		assertThat(summary.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(service.stateDirectory().resolve("secret.key")).doesNotExist();
	}

	@Test
	void systemdServiceWithoutASecretKeyKeepsItsKeyFileInTheStateDirectory() throws Exception {
		// given: no ZOHO_SECRETKEY; the operator authorizes once with the service's
		// environment and a grant code
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		stubPages();
		Service service = systemdService(false);
		List<String> authorize = new ArrayList<>(service.command().subList(0, 1));
		authorize.addAll(List.of("authorize", "--connection", "default", "--code", "1000.c0de"));
		JarProcess.Result authorized = run(authorize, service.environment(), service.stateDirectory());
		assertThat(authorized.exitCode()).as(authorized.output()).isZero();

		// when
		JarProcess.Result result = run(service.command(), service.environment(), service.stateDirectory());

		// then
		assertThat(result.exitCode()).as(result.output()).isZero();
		Path keyFile = service.stateDirectory().resolve("secret.key");
		assertThat(keyFile).isRegularFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(service.stateDirectory())))
			.isEqualTo("rwx------");
		assertThat(service.stateDirectory().resolve("launcher/app/zoho-users-batch.jar")).isRegularFile();
		assertThat(this.fixture.jdbc().sql("select status from batch_job_execution").query(String.class).list())
			.containsExactly("COMPLETED");
	}

	/**
	 * The systemd service of instance {@code default} as systemd starts it: its
	 * ExecStart, its Environment= lines overridden by the environment file's variables
	 * (test values), a working directory in the state directory that StateDirectory=
	 * creates, and the home of a dynamic user, which cannot be written to (here: a path
	 * under a regular file, since the tests run as root, for whom no permission bit is
	 * read-only).
	 */
	private Service systemdService(boolean secretKey) throws Exception {
		Map<String, List<String>> unit = SchedulerExamples.unit("systemd/zoho-users-batch@.service").get("Service");
		Path stateRoot = Files.createDirectories(this.home.resolve("var-lib"));
		Path stateDirectory = stateRoot.resolve(unit.get("StateDirectory").get(0));
		Files.createDirectory(stateDirectory, PosixFilePermissions
			.asFileAttribute(PosixFilePermissions.fromString(mode(unit.get("StateDirectoryMode").get(0)))));
		Path home = Files.createFile(this.home.resolve("not-a-directory")).resolve("home");
		Map<String, String> environment = new HashMap<>(Map.of("HOME", home.toString(), "PATH",
				Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin"));
		for (String assignment : unit.get("Environment")) {
			String value = specifiers(assignment.substring(assignment.indexOf('=') + 1), stateRoot);
			environment.put(assignment.substring(0, assignment.indexOf('=')),
					value.endsWith("/zoho-users-batch.jar") ? JarProcess.JAR.toAbsolutePath().toString() : value);
		}
		assertThat(specifiers(unit.get("WorkingDirectory").get(0), stateRoot)).isEqualTo(stateDirectory.toString());
		// a dynamic user's JVM takes its home from the user database ("/"), not from HOME
		environment.put("JAVA_OPTS", environment.get("JAVA_OPTS") + " -Duser.home=" + home);
		Map<String, String> environmentFile = new HashMap<>(Map.of("SPRING_DATASOURCE_URL", TestDatabase.url(),
				"SPRING_DATASOURCE_USERNAME", TestDatabase.user(), "SPRING_DATASOURCE_PASSWORD",
				TestDatabase.password(), "ZOHO_CONNECTIONS_DEFAULT_DATACENTER", "us",
				"ZOHO_CONNECTIONS_DEFAULT_CLIENTID", ZohoBatchTest.CLIENT_ID, "ZOHO_CONNECTIONS_DEFAULT_CLIENTSECRET",
				ZohoBatchTest.CLIENT_SECRET, "ZOHO_SECRETKEY", ZohoBatchTest.SECRET_KEY));
		assertThat(environmentFile.keySet()).containsExactlyInAnyOrderElementsOf(
				SchedulerExamples.environmentFile("systemd/zoho-users-batch.env.example").keySet());
		if (!secretKey) {
			environmentFile.remove("ZOHO_SECRETKEY");
		}
		environment.putAll(environmentFile);
		// what the test environment adds: WireMock as the accounts server, small pages
		environment.put("ZOHO_CONNECTIONS_DEFAULT_ACCOUNTSURL", ZohoWireMock.baseUrl());
		environment.put("ZOHO_JOB_PAGESIZE", "5");
		List<String> command = new ArrayList<>(List.of(specifiers(unit.get("ExecStart").get(0), stateRoot).split(" ")));
		assertThat(command.get(0)).isEqualTo("/opt/zoho-users-batch/jobs/zoho-users-batch");
		command.set(0, Path.of("jobs", "zoho-users-batch").toAbsolutePath().toString());
		return new Service(command, environment, stateDirectory);
	}

	/** systemd's specifiers of the unit: %S the state root, %i the instance. */
	private static String specifiers(String value, Path stateRoot) {
		return value.replace("%S", stateRoot.toString()).replace("%i", "default");
	}

	/** An octal mode such as 0700 as rwx------. */
	private static String mode(String octal) {
		StringBuilder permissions = new StringBuilder();
		for (char digit : octal.substring(octal.length() - 3).toCharArray()) {
			int bits = digit - '0';
			permissions.append(((bits & 4) != 0) ? 'r' : '-')
				.append(((bits & 2) != 0) ? 'w' : '-')
				.append(((bits & 1) != 0) ? 'x' : '-');
		}
		return permissions.toString();
	}

	/**
	 * The crontab's job line in {@code sh}, with the crontab's environment pointed at
	 * this build.
	 */
	private Cron cronLine(Path jar) throws Exception {
		Path var = Files.createDirectories(this.home.resolve("var"));
		Files.createDirectories(this.home.resolve("jobs"));
		Files.copy(Path.of("jobs", "zoho-users-batch"), this.home.resolve("jobs/zoho-users-batch"),
				StandardCopyOption.COPY_ATTRIBUTES);
		// the configuration of the crontab's installation: application.properties in the
		// working directory
		Files.write(this.home.resolve("application.properties"), JarProcess.infrastructureProperties()
			.stream()
			.map(argument -> argument.substring(2).replace("zoho.connections.test.", "zoho.connections.default."))
			.toList());
		Map<String, String> environment = new HashMap<>(SchedulerExamples.crontabEnvironment());
		environment.put("ZOHO_HOME", this.home.toString());
		environment.put("ZOHO_VAR", var.toString());
		environment.put("ZOHO_USERS_BATCH_JAR", jar.toString());
		environment.put("ZOHO_USERS_BATCH_CACHE", JarProcess.LAUNCHER_CACHE.toString());
		environment.put("ZOHO_RETRY_DELAY", "0");
		environment.put("JAVA_HOME", System.getProperty("java.home"));
		environment.put("PATH", "/usr/bin:/bin");
		environment.put("HOME", this.home.toString());
		String line = SchedulerExamples.crontabCommands().get(0);
		JarProcess.Result result = run(List.of(environment.get("SHELL"), "-c", line), environment,
				Path.of("/").toAbsolutePath());
		assertThat(result.stderr()).isEmpty();
		return new Cron(result.exitCode(), result.stdout(), var);
	}

	private static JarProcess.Result run(List<String> command, Map<String, String> environment, Path directory)
			throws Exception {
		Path out = Files.createTempFile("scheduler-out", ".txt");
		Path err = Files.createTempFile("scheduler-err", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile());
		builder.environment().clear();
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("Did not end within 3 minutes: " + command);
		}
		return new JarProcess.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	private void stubPages() {
		for (int page = 1; page <= 4; page++) {
			this.fixture.stubPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
	}

	/**
	 * A systemd service's command, the environment systemd gives it, and its state (and
	 * working) directory.
	 */
	record Service(List<String> command, Map<String, String> environment, Path stateDirectory) {
	}

	/**
	 * What a crontab line left: its exit code, what cron would mail, and its var
	 * directory.
	 */
	record Cron(int exitCode, String stdout, Path var) {
	}

}
