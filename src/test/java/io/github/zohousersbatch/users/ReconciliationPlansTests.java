package io.github.zohousersbatch.users;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.zohousersbatch.ZohoBatchTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans of reconciliation's statements stay linear whatever the statistics say: run
 * against tables just filled and never analyzed (as on a second run that starts before
 * autovacuum wakes up), no statement reaches a big table by a sequential scan repeated
 * for every row of another (the inner side of a nested loop, or a correlated subplan),
 * which at 100,000 users is billions of comparisons.
 */
@ZohoBatchTest
class ReconciliationPlansTests {

	static final int USERS = 20_000;

	static final Set<String> BIG_TABLES = Set.of("zoho_user_aggregation", "zoho_user_staging", "zoho_user_change");

	static final List<String> COPIED = List.of("zoho_user_aggregation", "zoho_user_staging", "zoho_user_change",
			"zoho_aggregation_run");

	@Autowired
	DataSource dataSource;

	@Test
	void noStatementScansABigTableOncePerRowOnTablesNeverAnalyzed() throws Exception {
		inTransaction((jdbc) -> {
			// given: fresh copies of the tables, filled in this transaction, where
			// neither
			// ANALYZE nor autovacuum ever saw them
			freshTables(jdbc);
			completeRun1(jdbc);
			stageRun2(jdbc);

			// when, then
			assertLinear(jdbc);
		});
	}

	@Test
	void noStatementScansABigTableOncePerRowWithStatisticsTakenBeforeTheRunStaged() throws Exception {
		inTransaction((jdbc) -> {
			// given: statistics that know run 1 and not run 2, as on every run that
			// staged
			// too few users to analyze the table (their estimate of run 2's users is 1)
			freshTables(jdbc);
			completeRun1(jdbc);
			for (String table : COPIED) {
				jdbc.sql("analyze " + table).update();
			}
			stageRun2(jdbc);

			// when, then
			assertLinear(jdbc);
		});
	}

	private void inTransaction(Consumer<JdbcClient> test) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				test.accept(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		}
	}

	private static void assertLinear(JdbcClient jdbc) {
		Map<String, List<String>> quadratic = new LinkedHashMap<>();
		retention().forEach((name, sql) -> quadratic.put(name, quadraticScans(explain(jdbc, sql))));
		// reconciliation's statements, in its transaction's settings
		jdbc.sql(ReconcileUsersTasklet.LINEAR_JOINS).update();
		reconciliation().forEach((name, sql) -> quadratic.put(name, quadraticScans(explain(jdbc, sql))));
		assertThat(quadratic).allSatisfy((name, scans) -> assertThat(scans).as(name).isEmpty());
	}

	static Map<String, String> reconciliation() {
		Map<String, String> statements = new LinkedHashMap<>();
		statements.put("UserChanges.RECORD", UserChanges.RECORD);
		statements.put("UserAggregation.WOULD_DEACTIVATE", UserAggregation.WOULD_DEACTIVATE);
		statements.put("UserAggregation.UPDATE_CHANGED", UserAggregation.UPDATE_CHANGED);
		statements.put("UserAggregation.INSERT_NEW", UserAggregation.INSERT_NEW);
		statements.put("UserAggregation.DEACTIVATE", UserAggregation.DEACTIVATE);
		statements.put("UserAggregation.REMOVE", UserAggregation.REMOVE);
		return statements;
	}

	static Map<String, String> retention() {
		Map<String, String> statements = new LinkedHashMap<>();
		statements.put("DepartedPersonalData.ERASE_CHANGES", DepartedPersonalData.ERASE_CHANGES);
		statements.put("DepartedPersonalData.ERASE_USERS", DepartedPersonalData.ERASE_USERS);
		return statements;
	}

	private static void freshTables(JdbcClient jdbc) {
		String home = jdbc.sql("select current_schema()").query(String.class).single();
		jdbc.sql("create schema zoho_plan_test").update();
		for (String table : COPIED) {
			jdbc.sql("create table zoho_plan_test.%s (like %s.%s including all) with (autovacuum_enabled = false)"
				.formatted(table, home, table)).update();
		}
		jdbc.sql("set local search_path = zoho_plan_test, " + home).update();
	}

	// what the completed runs of a fleet's other connections left in every table: 20
	// organisations of 1,000 users
	private static void otherConnections(JdbcClient jdbc) {
		String fleet = "from generate_series(1, 20000) i, lateral (select 'other' || i / 1000 as name, -1 - i / 1000 as run) o";
		jdbc.sql("""
				insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, status, role_id,
				    profile_id, active, first_seen_at, last_seen_at, last_job_instance_id)
				select o.name, i::text, 'user' || i || '@example.com', 'User ' || i, 'active', 'r', 'p', i % 5 <> 0,
				    now(), now(), o.run
				""" + fleet).update();
		jdbc.sql("""
				insert into zoho_user_change (job_instance_id, zoho_user_id, change, connection_name, email,
				    recorded_at)
				select o.run, i::text, 'joined', o.name, 'user' || i || '@example.com', now()
				""" + fleet).update();
		jdbc.sql("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered, users_deactivated)
				select distinct o.run, o.run, o.run, o.name, now(), now(), 1000, 800, 200, 0
				""" + fleet).update();
		jdbc.sql("""
				insert into zoho_user_staging (job_instance_id, zoho_user_id, connection_name, read_pass, page, active,
				    status, email, full_name, role_id, profile_id)
				select o.run, i::text, o.name, 1, 1 + i % 1000 / 200, i % 5 <> 0, 'active',
				    'user' || i || '@example.com', 'User ' || i, 'r', 'p'
				""" + fleet).update();
	}

	// run 1 made every user join (its staging kept, as after every completed run)
	private static void completeRun1(JdbcClient jdbc) {
		String connection = "c";
		long instance = 1;
		jdbc.sql("""
				insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, status, role_id,
				    profile_id, active, first_seen_at, last_seen_at, last_job_instance_id)
				select :connection, i::text, 'user' || i || '@example.com', 'User ' || i, 'active', 'r', 'p', true,
				    now(), now(), :instance
				from generate_series(1, :users) i
				""").param("connection", connection).param("instance", instance).param("users", USERS).update();
		jdbc.sql("""
				insert into zoho_user_change (job_instance_id, zoho_user_id, change, connection_name, email,
				    recorded_at)
				select :instance, i::text, 'joined', :connection, 'user' || i || '@example.com', now()
				from generate_series(1, :users) i
				""").param("connection", connection).param("instance", instance).param("users", USERS).update();
		jdbc.sql("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered, users_deactivated)
				values (:instance, :instance, :instance, :connection, now(), now(), :users, :users, 0, 0)
				""").param("connection", connection).param("instance", instance).param("users", USERS).update();
		jdbc.sql("""
				insert into zoho_user_staging (job_instance_id, zoho_user_id, connection_name, read_pass, page, active,
				    status, email, full_name, role_id, profile_id)
				select :instance, i::text, :connection, 1, i / 200 + 1, true, 'active', 'user' || i || '@example.com',
				    'User ' || i, 'r', 'p'
				from generate_series(1, :users) i
				""").param("connection", connection).param("instance", instance).param("users", USERS).update();
	}

	// run 2 staged them again, with 5% new and 5% gone
	private static void stageRun2(JdbcClient jdbc) {
		jdbc.sql("""
				insert into zoho_user_staging (job_instance_id, zoho_user_id, connection_name, read_pass, page, active,
				    status, email, full_name, role_id, profile_id)
				select 2, i::text, 'c', 1, i / 200 + 1, i % 50 <> 0, 'active', 'user' || i || '@example.com',
				    'User ' || i, 'r', 'p'
				from generate_series(:users / 20, :users + :users / 20) i
				""").param("users", USERS).update();
	}

	private static JsonNode explain(JdbcClient jdbc, String sql) {
		String plan = jdbc.sql("explain (format json) " + sql)
			.param("connection", "c")
			.param("instance", 2L)
			.param("pass", 1)
			.param("active", true)
			.param("seconds", 90L * 86_400)
			.query(String.class)
			.single();
		return JsonMapper.builder().build().readTree(plan).get(0).get("Plan");
	}

	/**
	 * What a plan does once per row of another input, over a big table: the inner side of
	 * a nested loop that does not look the outer row up by an index condition (it reads
	 * the same rows again for every outer row and compares them by a join filter), and
	 * scans of a big table (or of a materialised common table expression) below a nested
	 * loop's inner side or in a correlated subplan.
	 */
	static List<String> quadraticScans(JsonNode plan) {
		List<String> found = new ArrayList<>();
		collect(plan, false, found);
		return found;
	}

	private static void collect(JsonNode node, boolean repeated, List<String> found) {
		String type = node.path("Node Type").asString();
		String relation = node.path("Relation Name").asString("");
		if (repeated && (type.equals("CTE Scan") || (type.equals("Seq Scan") && BIG_TABLES.contains(relation)))) {
			found.add(type + " " + relation + node.path("CTE Name").asString(""));
		}
		if (type.equals("Nested Loop")) {
			JsonNode outer = child(node, "Outer");
			JsonNode inner = child(node, "Inner");
			Set<String> outerAliases = new HashSet<>();
			aliases(outer, outerAliases);
			if (scansABigTable(inner) && !looksUp(inner, outerAliases)) {
				found.add("Nested Loop over " + inner.path("Node Type").asString() + " "
						+ inner.path("Relation Name").asString("") + " read again for every row of " + outerAliases);
			}
		}
		for (JsonNode child : node.path("Plans")) {
			String relationship = child.path("Parent Relationship").asString("");
			boolean inner = type.equals("Nested Loop") && relationship.equals("Inner");
			collect(child, repeated || inner || relationship.equals("SubPlan"), found);
		}
	}

	private static JsonNode child(JsonNode node, String relationship) {
		for (JsonNode child : node.path("Plans")) {
			if (child.path("Parent Relationship").asString("").equals(relationship)) {
				return child;
			}
		}
		throw new IllegalStateException("No " + relationship + " side in " + node);
	}

	private static void aliases(JsonNode node, Set<String> aliases) {
		if (node.has("Alias")) {
			aliases.add(node.path("Alias").asString());
		}
		for (JsonNode child : node.path("Plans")) {
			aliases(child, aliases);
		}
	}

	// an index (or memoize) condition that names a column of the outer side: the inner
	// side is read for that row only
	private static boolean looksUp(JsonNode node, Set<String> outerAliases) {
		for (String condition : List.of("Index Cond", "Recheck Cond", "Cache Key")) {
			String text = node.path(condition).asString("");
			if (outerAliases.stream().anyMatch((alias) -> text.contains(alias + "."))) {
				return true;
			}
		}
		for (JsonNode child : node.path("Plans")) {
			if (!child.path("Parent Relationship").asString("").equals("InitPlan") && looksUp(child, outerAliases)) {
				return true;
			}
		}
		return false;
	}

	private static boolean scansABigTable(JsonNode node) {
		if (BIG_TABLES.contains(node.path("Relation Name").asString(""))) {
			return true;
		}
		for (JsonNode child : node.path("Plans")) {
			if (scansABigTable(child)) {
				return true;
			}
		}
		return false;
	}

}
