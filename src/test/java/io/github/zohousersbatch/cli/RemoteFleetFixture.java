package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organisations of {@link RemoteFleetEndToEndTests} and what the tests read of the
 * database: six sandbox organisations (pages of 5 users, 300 ms each), each authorized
 * once as a local fleet's connection ({@code l1}...) and once for each remote test
 * ({@code a1}..., {@code b1}..., {@code c1}..., {@code d1}..., {@code e1}...), their
 * clients as command line properties, the tables compared, and a persistent broker of the
 * test's own.
 */
final class RemoteFleetFixture {

	static final int ORGANISATIONS = 6;

	static final String COLUMNS = "zoho_user_id, email, full_name, first_name, last_name, status, user_type, confirmed, "
			+ "role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time, active";

	static final List<ZohoSandbox> sandboxes = new ArrayList<>();

	static final ZohoFixture fixture = ZohoFixture.forProcesses(TestDatabase.dataSource());

	private RemoteFleetFixture() {
	}

	static void startOrganisations() throws Exception {
		for (int i = 1; i <= ORGANISATIONS; i++) {
			sandboxes.add(ZohoSandbox.start(20 + 5 * i, Duration.ofMillis(300)));
		}
		for (int i = 1; i <= ORGANISATIONS; i++) {
			authorize(i, sandboxes.get(i - 1));
		}
	}

	static void stopOrganisations() {
		sandboxes.forEach(ZohoSandbox::close);
	}

	// what authorize --client does, without a process per connection: the sandbox's
	// tokens, stored for each of the organisation's three connections
	private static void authorize(int organisation, ZohoSandbox sandbox) throws Exception {
		String form = "grant_type=authorization_code&client_id=" + sandbox.clientId() + "&client_secret="
				+ sandbox.clientSecret() + "&code=" + sandbox.issueGrantCode()
				+ "&redirect_uri=http://localhost:8765/oauth/callback";
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/oauth/v2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode tokens = JsonMapper.builder().build().readTree(answer.body());
		for (String prefix : List.of("l", "a", "b", "c", "d", "e")) {
			String connection = prefix + organisation;
			fixture.jdbc()
				.sql("insert into zoho_connection (connection_name, client_name, data_center, registered_at) "
						+ "values (?, ?, 'us', now())")
				.params(connection, "org" + organisation)
				.update();
			fixture.store(connection, sandbox.baseUrl(), tokens.get("access_token").asString(),
					tokens.get("refresh_token").asString());
		}
	}

	static long completedRuns(String prefix) {
		return fixture.jdbc()
			.sql("select count(*) from zoho_aggregation_run where connection_name like ?")
			.param(prefix + "%")
			.query(Long.class)
			.single();
	}

	// a persistent broker on loopback, as a production Artemis would be
	static EmbeddedActiveMQ broker(int port, Path journal) throws Exception {
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(true);
		configuration.setJournalType(JournalType.NIO);
		configuration.setJournalDirectory(journal.resolve("journal").toString());
		configuration.setBindingsDirectory(journal.resolve("bindings").toString());
		configuration.setLargeMessagesDirectory(journal.resolve("large").toString());
		configuration.setPagingDirectory(journal.resolve("paging").toString());
		configuration.setSecurityEnabled(false);
		configuration.setJMXManagementEnabled(false);
		configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(configuration);
		broker.start();
		return broker;
	}

	static void assertSameTablesAsTheLocalRun(String prefix) {
		for (int i = 1; i <= ORGANISATIONS; i++) {
			assertThat(table(prefix + i)).as("organisation %d", i).isEqualTo(table("l" + i)).isNotEmpty();
			assertThat(runs(prefix + i)).as("organisation %d", i).isEqualTo(runs("l" + i)).hasSize(1);
		}
	}

	static List<Map<String, Object>> table(String connection) {
		return fixture.jdbc()
			.sql("select " + COLUMNS + " from zoho_user_aggregation where connection_name = ? order by zoho_user_id")
			.param(connection)
			.query()
			.listOfRows();
	}

	static List<Map<String, Object>> runs(String connection) {
		return fixture.jdbc()
			.sql("select users_read, users_active, users_filtered, users_deactivated from zoho_aggregation_run "
					+ "where connection_name = ?")
			.param(connection)
			.query()
			.listOfRows();
	}

	static long committedPagesOfARunningExecutionOf(JarProcess.Running worker) {
		return fixture.jdbc().sql("""
				select coalesce(max(s.commit_count), 0) from batch_step_execution s
				join batch_job_execution e on e.job_execution_id = s.job_execution_id and e.status = 'STARTED'
				join batch_job_execution_context c on c.job_execution_id = e.job_execution_id
				where s.step_name = 'aggregateUsers' and s.status = 'STARTED' and c.short_context ~ ?
				""").param(pidPattern(worker)).query(Long.class).single();
	}

	static String runningConnectionOf(JarProcess.Running worker) {
		return fixture.jdbc().sql("""
				select p.parameter_value from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				join batch_job_execution_context c on c.job_execution_id = e.job_execution_id
				where e.status = 'STARTED' and p.parameter_name = 'connection' and c.short_context ~ ?
				""").param(pidPattern(worker)).query(String.class).single();
	}

	// a fleet of the six connections with this prefix
	static List<String> fleet(String prefix, String command) {
		List<String> args = new ArrayList<>(List.of(command));
		for (int i = 1; i <= ORGANISATIONS; i++) {
			args.addAll(List.of("--connection", prefix + i));
		}
		return args;
	}

	// the arguments with the six organisations' clients
	static String[] with(List<String> args) {
		List<String> all = new ArrayList<>(args);
		for (int i = 1; i <= ORGANISATIONS; i++) {
			ZohoSandbox sandbox = sandboxes.get(i - 1);
			all.addAll(List.of("--zoho.clients.org" + i + ".client-id=" + sandbox.clientId(),
					"--zoho.clients.org" + i + ".client-secret=" + sandbox.clientSecret(),
					"--zoho.clients.org" + i + ".accounts-url=" + sandbox.baseUrl()));
		}
		return all.toArray(String[]::new);
	}

	// the pid the job execution's context records (JobFailureListener), however typed
	static String pidPattern(JarProcess.Running running) {
		return "\"process\\.pid\"[^0-9]*" + pid(running) + "[^0-9]";
	}

	static String pid(JarProcess.Running running) {
		return String.valueOf(running.process().pid());
	}

	static String output(JarProcess.Running running) {
		try {
			return Files.readString(running.out()) + Files.readString(running.err());
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
	}

}
