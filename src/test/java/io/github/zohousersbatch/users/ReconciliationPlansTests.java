package io.github.zohousersbatch.users;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
				// given: fresh copies of the tables, filled in this transaction, where
				// neither ANALYZE nor autovacuum ever saw them
				freshTables(jdbc);
				fill(jdbc);

				// when
				Map<String, List<String>> quadratic = new LinkedHashMap<>();
				statements().forEach((name, sql) -> quadratic.put(name, quadraticScans(explain(jdbc, sql))));

				// then
				assertThat(quadratic).allSatisfy((name, scans) -> assertThat(scans).as(name).isEmpty());
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		}
	}

	static Map<String, String> statements() {
		Map<String, String> statements = new LinkedHashMap<>();
		statements.put("UserChanges.RECORD", UserChanges.RECORD);
		statements.put("UserAggregation.WOULD_DEACTIVATE", UserAggregation.WOULD_DEACTIVATE);
		statements.put("UserAggregation.UPDATE_CHANGED", UserAggregation.UPDATE_CHANGED);
		statements.put("UserAggregation.INSERT_NEW", UserAggregation.INSERT_NEW);
		statements.put("UserAggregation.DEACTIVATE", UserAggregation.DEACTIVATE);
		statements.put("UserAggregation.REMOVE", UserAggregation.REMOVE);
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

	// run 1 made every user join; run 2 staged them again, with 5% new and 5% gone
	private static void fill(JdbcClient jdbc) {
		jdbc.sql(
				"""
						insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, status, role_id,
						    profile_id, active, first_seen_at, last_seen_at, last_job_instance_id)
						select 'c', i::text, 'user' || i || '@example.com', 'User ' || i, 'active', 'r', 'p', true, now(), now(), 1
						from generate_series(1, :users) i
						""")
			.param("users", USERS)
			.update();
		jdbc.sql(
				"""
						insert into zoho_user_change (job_instance_id, zoho_user_id, change, connection_name, email, recorded_at)
						select 1, i::text, 'joined', 'c', 'user' || i || '@example.com', now() from generate_series(1, :users) i
						""")
			.param("users", USERS)
			.update();
		jdbc.sql("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered, users_deactivated)
				values (1, 1, 1, 'c', now(), now(), :users, :users, 0, 0)
				""").param("users", USERS).update();
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
	 * Scans of a big table (or of a materialised common table expression) below the inner
	 * side of a nested loop or in a correlated subplan: run once per outer row.
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
		for (JsonNode child : node.path("Plans")) {
			String relationship = child.path("Parent Relationship").asString("");
			boolean inner = type.equals("Nested Loop") && relationship.equals("Inner");
			collect(child, repeated || inner || relationship.equals("SubPlan"), found);
		}
	}

}
