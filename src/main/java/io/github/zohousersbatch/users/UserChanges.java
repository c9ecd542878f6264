package io.github.zohousersbatch.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code zoho_user_change}: what a run's last read pass changes in
 * {@code zoho_user_aggregation}, recorded just before it is applied and in the same
 * transaction. Each kind of change is a row per user and run (the table's key), so a
 * reconciliation that runs again records nothing twice.
 */
@Repository
class UserChanges {

	// the pass (p) and what the aggregation knows of its users (k), joined on their keys
	// and never through materialised subqueries, whose row counts the planner guesses
	private static final String PASS = " p.job_instance_id = :instance and p.read_pass = :pass ";

	private static final String PASS_AND_KNOWN = """
			from zoho_user_staging p
			join zoho_user_aggregation k on k.connection_name = :connection and k.zoho_user_id = p.zoho_user_id
			where""" + PASS;

	static final String RECORD = """
			insert into zoho_user_change (job_instance_id, zoho_user_id, change, connection_name, email, full_name,
			    status, status_reason, old_id, old_name, new_id, new_name, recorded_at)
			select :instance, p.zoho_user_id, 'joined', :connection, p.email, p.full_name, p.status, p.status_reason,
			    null, null, null, null, now()
			from zoho_user_staging p
			where""" + PASS + """
			and p.active
			  and not exists (select 1 from zoho_user_aggregation k
			                  where k.connection_name = :connection and k.zoho_user_id = p.zoho_user_id)
			union all
			select :instance, p.zoho_user_id, 'reactivated', :connection, p.email, p.full_name, p.status,
			    p.status_reason, null, null, null, null, now()
			""" + PASS_AND_KNOWN + """
			and p.active and not k.active
			union all
			select :instance, k.zoho_user_id, 'deactivated', :connection, p.email, p.full_name, p.status,
			    p.status_reason, null, null, null, null, now()
			""" + PASS_AND_KNOWN + """
			and k.active and not p.active
			union all
			select :instance, k.zoho_user_id, 'removed', :connection, k.email, k.full_name, k.status,
			    k.status_reason, null, null, null, null, now()
			from zoho_user_aggregation k
			where k.connection_name = :connection and (k.active or k.departure is distinct from 'removed')
			  and not exists (select 1 from zoho_user_staging p where""" + PASS + """
			and p.zoho_user_id = k.zoho_user_id)
			union all
			select :instance, p.zoho_user_id, 'profile_changed', :connection, p.email, p.full_name, p.status,
			    p.status_reason, k.profile_id, k.profile_name, p.profile_id, p.profile_name, now()
			""" + PASS_AND_KNOWN + """
			and p.active and k.active and p.profile_id <> k.profile_id
			union all
			select :instance, p.zoho_user_id, 'role_changed', :connection, p.email, p.full_name, p.status,
			    p.status_reason, k.role_id, k.role_name, p.role_id, p.role_name, now()
			""" + PASS_AND_KNOWN + """
			and p.active and k.active and p.role_id <> k.role_id
			on conflict (job_instance_id, zoho_user_id, change) do nothing
			""";

	private final JdbcClient jdbc;

	UserChanges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records what applying the pass will change: joined (active, never seen before),
	 * reactivated (active again), deactivated (was active, returned with another status),
	 * removed (no longer returned: active before, or deactivated and now gone), and for
	 * users active before and after, a new profile or role. A user without a usable
	 * status changes nothing; a profile or role that Zoho sent in an odd shape (null) is
	 * no move. Returns the rows recorded.
	 */
	int record(String connectionName, long instanceId, int pass) {
		return this.jdbc.sql(RECORD)
			.param("connection", connectionName)
			.param("instance", instanceId)
			.param("pass", pass)
			.update();
	}

}
