package io.github.zohousersbatch.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code zoho_user_aggregation}, the table reporting tools read: what a run's last read
 * pass in {@code zoho_user_staging} would change there, and applying it. Called only by
 * reconciliation, inside its one transaction.
 */
@Repository
class UserAggregation {

	// users of the connection counted as active that the last pass did not see active,
	// nor without a status
	private static final String UNSEEN = """
			a.connection_name = :connection and a.active
			  and not exists (select 1 from zoho_user_staging s
			                  where s.job_instance_id = :instance and s.read_pass = :pass
			                    and s.zoho_user_id = a.zoho_user_id and (s.active or s.active is null))
			""";

	private static final String ACTIVE_OF_PASS = " s.job_instance_id = :instance and s.read_pass = :pass and s.active ";

	// Zoho's active users of the pass that the aggregation does not know yet (a user it
	// knows is left alone here: no lock, no write)
	static final String INSERT_NEW = """
			insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, first_name,
			    last_name, status, confirmed, role_id, role_name, profile_id, profile_name, time_zone,
			    zoho_created_time, zoho_modified_time, user_type, status_reason, zuid, active, first_seen_at,
			    last_seen_at, deactivated_at, departure, last_job_instance_id)
			select s.connection_name, s.zoho_user_id, s.email, s.full_name, s.first_name, s.last_name, s.status,
			    s.confirmed, s.role_id, s.role_name, s.profile_id, s.profile_name, s.time_zone,
			    s.zoho_created_time, s.zoho_modified_time, s.user_type, s.status_reason, s.zuid, true, now(), now(),
			    null, null, s.job_instance_id
			from zoho_user_staging s
			where""" + ACTIVE_OF_PASS + """
			on conflict (connection_name, zoho_user_id) do nothing
			""";

	// known users of the pass, updated only when something Zoho says of them changed: an
	// unchanged user costs no new row version (no bloat, no WAL). When an active user was
	// last seen is the latest completed run's (zoho_aggregation_run), one row per run,
	// not a write per user.
	static final String UPDATE_CHANGED = """
			update zoho_user_aggregation a set
			    email = s.email, full_name = s.full_name, first_name = s.first_name, last_name = s.last_name,
			    status = s.status, confirmed = s.confirmed, role_id = s.role_id, role_name = s.role_name,
			    profile_id = s.profile_id, profile_name = s.profile_name, time_zone = s.time_zone,
			    zoho_created_time = s.zoho_created_time, zoho_modified_time = s.zoho_modified_time,
			    user_type = s.user_type, status_reason = s.status_reason, zuid = s.zuid, active = true,
			    last_seen_at = now(), deactivated_at = null, departure = null,
			    last_job_instance_id = s.job_instance_id
			from zoho_user_staging s
			where""" + ACTIVE_OF_PASS + """
			  and a.connection_name = s.connection_name and a.zoho_user_id = s.zoho_user_id
			  and (a.email, a.full_name, a.first_name, a.last_name, a.status, a.confirmed, a.role_id, a.role_name,
			       a.profile_id, a.profile_name, a.time_zone, a.zoho_created_time, a.zoho_modified_time, a.user_type,
			       a.status_reason, a.zuid, a.active, a.deactivated_at, a.departure)
			  is distinct from (s.email, s.full_name, s.first_name, s.last_name, s.status, s.confirmed, s.role_id,
			       s.role_name, s.profile_id, s.profile_name, s.time_zone, s.zoho_created_time,
			       s.zoho_modified_time, s.user_type, s.status_reason, s.zuid, true, null::timestamptz,
			       null::varchar)
			""";

	// the latest completed run of the connection before this one (whose row
	// reconciliation
	// inserts after applying): the last run that saw an active user active
	private static final String LAST_RUN = """
			(select r.%s from zoho_aggregation_run r where r.connection_name = :connection
			 order by r.ended_at desc limit 1)""";

	// an active user leaving: when it was last seen active, frozen from now on (an
	// inactive one keeps it)
	private static final String LAST_SEEN = """
			last_seen_at = case when a.active then coalesce(%s, a.last_seen_at) else a.last_seen_at end,
			    last_job_instance_id = case when a.active then coalesce(%s, a.last_job_instance_id)
			                                else a.last_job_instance_id end
			""".formatted(LAST_RUN.formatted("ended_at"), LAST_RUN.formatted("job_instance_id"));

	// returned with another status: the status it has now, and why
	static final String DEACTIVATE = """
			update zoho_user_aggregation a set active = false, deactivated_at = now(), departure = 'deactivated',
			    status = s.status, status_reason = s.status_reason,
			""" + LAST_SEEN + """
			from zoho_user_staging s
			where a.connection_name = :connection and a.active and s.job_instance_id = :instance
			  and s.read_pass = :pass and s.zoho_user_id = a.zoho_user_id and not s.active
			""";

	// no longer returned: removed, whether it was active (:active) or already deactivated
	static final String REMOVE = """
			update zoho_user_aggregation a set active = false, departure = 'removed',
			    deactivated_at = case when a.active then now() else a.deactivated_at end,
			""" + LAST_SEEN + """
			where a.connection_name = :connection and a.active = :active and a.departure is distinct from 'removed'
			  and not exists (select 1 from zoho_user_staging s
			                  where s.job_instance_id = :instance and s.read_pass = :pass
			                    and s.zoho_user_id = a.zoho_user_id)
			""";

	static final String WOULD_DEACTIVATE = "select count(*) from zoho_user_aggregation a where " + UNSEEN;

	private final JdbcClient jdbc;

	UserAggregation(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Users of the connection counted as active now. */
	long currentlyActive(String connectionName) {
		return this.jdbc.sql("select count(*) from zoho_user_aggregation where connection_name = ? and active")
			.param(connectionName)
			.query(Long.class)
			.single();
	}

	/** Of the users counted as active, those the pass would deactivate. */
	long wouldDeactivate(String connectionName, long instanceId, int pass) {
		return this.jdbc.sql(WOULD_DEACTIVATE)
			.param("connection", connectionName)
			.param("instance", instanceId)
			.param("pass", pass)
			.query(Long.class)
			.single();
	}

	/**
	 * Applies the pass to {@code zoho_user_aggregation}: its active users are inserted or
	 * refreshed and stamped with the run; the users it did not see active are
	 * deactivated, as {@code deactivated} when Zoho returned them with another status, as
	 * {@code removed} when it no longer returned them. Returns how many were deactivated.
	 */
	int apply(String connectionName, long instanceId, int pass) {
		this.jdbc.sql(UPDATE_CHANGED).param("instance", instanceId).param("pass", pass).update();
		this.jdbc.sql(INSERT_NEW).param("instance", instanceId).param("pass", pass).update();
		int deactivated = this.jdbc.sql(DEACTIVATE)
			.param("connection", connectionName)
			.param("instance", instanceId)
			.param("pass", pass)
			.update();
		int removed = removeUnreturned(connectionName, instanceId, pass, true);
		removeUnreturned(connectionName, instanceId, pass, false);
		return deactivated + removed;
	}

	private int removeUnreturned(String connectionName, long instanceId, int pass, boolean active) {
		return this.jdbc.sql(REMOVE)
			.param("connection", connectionName)
			.param("active", active)
			.param("instance", instanceId)
			.param("pass", pass)
			.update();
	}

	/**
	 * Active users of the connection that consume a licence by {@code zoho_licence_rule}.
	 */
	long licensed(String connectionName) {
		// the rule asked once per user type, not once per user
		return this.jdbc.sql("""
				select coalesce(sum(users) filter (where zoho_consumes_licence(:connection, user_type)), 0)
				from (select user_type, count(*) as users from zoho_user_aggregation
				      where connection_name = :connection and active group by user_type) types
				""").param("connection", connectionName).query(Long.class).single();
	}

}
