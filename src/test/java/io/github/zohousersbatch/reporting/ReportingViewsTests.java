package io.github.zohousersbatch.reporting;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The reporting views over three real runs (10 active users, then Jane disabled and Yuki
 * active, then only page 1 of Zoho), and the {@code zoho_reporting} role that may read
 * those views and nothing else.
 */
@ZohoBatchTest
public class ReportingViewsTests {

	public static final List<String> VIEWS = List.of("zoho_active_users", "zoho_active_user_counts",
			"zoho_active_users_per_role", "zoho_active_users_per_profile", "zoho_deactivated_users", "zoho_run_history",
			"zoho_licence_usage", "zoho_user_changes", "zoho_user_state", "zoho_pending_invitations");

	static final List<String> TABLES = List.of("zoho_connection_token", "zoho_user_aggregation", "zoho_aggregation_run",
			"zoho_user_reject", "batch_job_instance", "batch_job_execution", "batch_job_execution_params",
			"batch_job_execution_context", "batch_step_execution", "batch_step_execution_context", "databasechangelog",
			"databasechangeloglock", "zoho_schema_fingerprint", "zoho_org_licence", "zoho_user_staging",
			"zoho_user_change", "zoho_licence_count", "zoho_licence_rule", "zoho_connection", "zoho_fleet_member",
			"zoho_listing_difference");

	static final String PERMISSION_DENIED = "42501";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	DataSource dataSource;

	@Test
	void viewsCountActiveUsersPerConnectionRoleAndProfile() throws Exception {
		// given
		this.fixture.authorized("test");
		this.fixture.complete("test", "users-page-", 4);
		this.fixture.complete("test", "users-later-page-", 4);

		// when
		Map<String, Object> counts = this.fixture.jdbc()
			.sql("select * from zoho_active_user_counts")
			.query()
			.singleRow();
		List<Map<String, Object>> roles = this.fixture.jdbc()
			.sql("select role_name, active_users from zoho_active_users_per_role "
					+ "where connection_name = 'test' order by role_name")
			.query()
			.listOfRows();
		List<Map<String, Object>> profiles = this.fixture.jdbc()
			.sql("select profile_name, active_users from "
					+ "zoho_active_users_per_profile where connection_name = 'test' order by profile_name")
			.query()
			.listOfRows();

		// then: Jane (Sales Representative, Sales) left, Yuki (Manager, Standard) arrived
		assertThat(counts).containsEntry("connection_name", "test").containsEntry("active_users", 10L);
		assertThat(counts.get("last_run_ended_at")).isNotNull();
		assertThat(roles).extracting(row -> row.get("role_name"), row -> row.get("active_users"))
			.containsExactly(tuple("CEO", 3L), tuple("Manager", 4L), tuple("Sales Representative", 3L));
		assertThat(profiles).extracting(row -> row.get("profile_name"), row -> row.get("active_users"))
			.containsExactly(tuple("Administrator", 3L), tuple("Sales", 3L), tuple("Standard", 4L));
	}

	@Test
	void deactivatedUsersAreFilteredByWhenTheyLeft() throws Exception {
		// given
		this.fixture.authorized("test");
		this.fixture.complete("test", "users-page-", 4);
		this.fixture.complete("test", "users-later-page-", 4);
		this.fixture.jdbc()
			.sql("update zoho_user_aggregation set active = false, deactivated_at = now() - interval '40 days' "
					+ "where zoho_user_id = '4150868000000225013'")
			.update();

		// when
		List<String> lastMonth = this.fixture.jdbc()
			.sql("select email from zoho_deactivated_users "
					+ "where connection_name = 'test' and deactivated_at > now() - interval '30 days'")
			.query(String.class)
			.list();
		long all = this.fixture.jdbc().sql("select count(*) from zoho_deactivated_users").query(Long.class).single();

		// then
		assertThat(lastMonth).containsExactly("jane.j@zylker.com");
		assertThat(all).isEqualTo(2);
	}

	@Test
	void runHistoryShowsTheChangeVersusThePreviousRun() throws Exception {
		// given: 10 active, 10 active (one left, one came), then Zoho answers 204 after
		// page 3: 8 active
		this.fixture.authorized("test");
		this.fixture.complete("test", "users-page-", 4);
		this.fixture.complete("test", "users-later-page-", 4);
		this.fixture.stubPage(4, aResponse().withStatus(204));
		this.fixture.complete("test", "users-later-page-", 3);

		// when
		List<Map<String, Object>> history = this.fixture.jdbc().sql("""
				select users_active, previous_users_active, users_active_delta, users_active_delta_percent,
				       users_deactivated
				from zoho_run_history where connection_name = 'test' order by ended_at desc
				""").query().listOfRows();

		// then
		assertThat(history)
			.extracting(row -> row.get("users_active"), row -> row.get("previous_users_active"),
					row -> row.get("users_active_delta"), row -> row.get("users_active_delta_percent"),
					row -> row.get("users_deactivated"))
			.containsExactly(tuple(8L, 10L, -2L, new BigDecimal("-20.0"), 2L),
					tuple(10L, 10L, 0L, new BigDecimal("0.0"), 1L), tuple(10L, null, null, null, 0L));
	}

	@Test
	void everyTableViewAndColumnOfOursIsCommented() {
		// when
		List<String> uncommented = this.fixture.jdbc().sql("""
				select c.relname || coalesce('.' || a.attname, '') from pg_class c
				join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
				left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
				where c.relname like 'zoho\\_%' and c.relkind in ('r', 'v')
				  and (obj_description(c.oid, 'pg_class') is null
				       or (a.attname is not null and col_description(c.oid, a.attnum) is null))
				""").query(String.class).list();
		long views = this.fixture.jdbc()
			.sql("select count(*) from pg_views where schemaname = current_schema() " + "and viewname like 'zoho\\_%'")
			.query(Long.class)
			.single();

		// then
		assertThat(uncommented).isEmpty();
		assertThat(views).isEqualTo(VIEWS.size());
	}

	@Test
	void reportingRoleReadsEveryViewAndNothingElse() throws Exception {
		// given: rows everywhere, a stored token included
		this.fixture.authorized("test");
		this.fixture.complete("test", "users-page-", 4);

		// when / then
		for (String view : VIEWS) {
			assertThat(asReportingRole("select count(*) from " + view)).as(view).isTrue();
		}
		for (String table : TABLES) {
			assertDenied("select * from " + table);
			assertDenied("delete from " + table);
			assertDenied("update " + table + " set " + ordinaryColumn(table) + " = null");
		}
		assertDenied("insert into zoho_connection_token (connection_name) values ('x')");
		assertDenied("insert into zoho_user_aggregation (connection_name) values ('x')");
		// the simple views are updatable by their owner; the role may not
		assertDenied("delete from zoho_active_users");
		assertDenied("update zoho_deactivated_users set email = null");
		for (String view : VIEWS) {
			assertThatThrownBy(() -> asReportingRole("delete from " + view)).as(view).isInstanceOf(SQLException.class);
		}
		assertThat(this.fixture.jdbc()
			.sql("select rolcanlogin from pg_roles where rolname = 'zoho_reporting'")
			.query(Boolean.class)
			.single()).isFalse();
	}

	/**
	 * A column an update may set (not an identity), so that only privileges can refuse
	 * it.
	 */
	private String ordinaryColumn(String table) {
		return this.fixture.jdbc()
			.sql("select column_name from information_schema.columns where table_schema = current_schema() "
					+ "and table_name = ? and is_identity = 'NO' order by ordinal_position limit 1")
			.param(table)
			.query(String.class)
			.single();
	}

	private void assertDenied(String sql) {
		assertThatThrownBy(() -> asReportingRole(sql)).as(sql)
			.isInstanceOfSatisfying(SQLException.class,
					ex -> assertThat(ex.getSQLState()).as(sql + ": " + ex.getMessage()).isEqualTo(PERMISSION_DENIED));
	}

	/**
	 * Runs the statement as zoho_reporting in a transaction that is rolled back; true
	 * when it ran.
	 */
	private boolean asReportingRole(String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("set local role zoho_reporting");
				statement.execute(sql);
				return true;
			}
			finally {
				connection.rollback();
			}
		}
	}

}
