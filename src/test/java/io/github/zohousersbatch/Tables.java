package io.github.zohousersbatch;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Empties every table of the schema, Spring Batch's included, and puts the licence rules
 * back to the migration's, so each test starts from nothing.
 */
public final class Tables {

	private Tables() {
	}

	public static void clean(JdbcClient jdbc) {
		jdbc.sql(
				"""
						truncate zoho_user_aggregation, zoho_user_staging, zoho_aggregation_run, zoho_connection_token,
						    zoho_user_reject, zoho_org_licence, zoho_user_change, zoho_licence_count, zoho_connection, zoho_fleet_member, zoho_listing_difference,
						    batch_step_execution_context, batch_job_execution_context, batch_step_execution,
						    batch_job_execution_params, batch_job_execution, batch_job_instance
						""")
			.update();
		jdbc.sql("delete from zoho_licence_rule where connection_name <> '*' or user_type not in "
				+ "('*', 'Regular User', 'Client Portal User', 'Sandbox Developer User', 'Team User', 'Support User')")
			.update();
		jdbc.sql("update zoho_licence_rule set consumes_licence = (user_type in ('*', 'Regular User'))").update();
	}

}
