package io.github.zohousersbatch.users;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code zoho_user_staging}: what a run read from Zoho, every user active or not, keyed
 * by run (job instance) and user. Chunks write here in their own transactions;
 * reconciliation applies the last read pass to {@code zoho_user_aggregation}
 * ({@link UserAggregation}) in one transaction, so that reporting tools never see half a
 * run, and a read that starts again from page 1 (a new pass) leaves nothing of the
 * earlier pass behind.
 */
@Repository
public class UserStaging {

	private static final String STAGE = """
			insert into zoho_user_staging (job_instance_id, connection_name, zoho_user_id, read_pass, page, active,
			    status, email, full_name, first_name, last_name, confirmed, role_id, role_name, profile_id,
			    profile_name, time_zone, zoho_created_time, zoho_modified_time, user_type, status_reason, zuid)
			select ?, ?, u.id, u.pass, u.page, u.active, u.status, u.email, u.full_name, u.first_name, u.last_name,
			    u.confirmed, u.role_id, u.role_name, u.profile_id, u.profile_name, u.time_zone, u.created, u.modified,
			    u.user_type, u.status_reason, u.zuid
			from unnest(?::text[], ?::int[], ?::int[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],
			    ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
			    ?::timestamptz[], ?::text[], ?::text[], ?::text[])
			    as u(id, pass, page, active, status, email, full_name, first_name, last_name, confirmed, role_id,
			         role_name, profile_id, profile_name, time_zone, created, modified, user_type, status_reason, zuid)
			on conflict (job_instance_id, zoho_user_id) do update set read_pass = excluded.read_pass,
			    page = excluded.page, active = excluded.active, status = excluded.status, email = excluded.email,
			    full_name = excluded.full_name, first_name = excluded.first_name, last_name = excluded.last_name,
			    confirmed = excluded.confirmed, role_id = excluded.role_id, role_name = excluded.role_name,
			    profile_id = excluded.profile_id, profile_name = excluded.profile_name, time_zone = excluded.time_zone,
			    zoho_created_time = excluded.zoho_created_time, zoho_modified_time = excluded.zoho_modified_time,
			    user_type = excluded.user_type, status_reason = excluded.status_reason, zuid = excluded.zuid
			""";

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	UserStaging(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
	}

	/**
	 * Records identified entries (one per user id: the caller removes duplicates) in one
	 * statement. An entry without a usable status is recorded with {@code active} null:
	 * the user keeps the state it had.
	 */
	void stage(String connectionName, long instanceId, Collection<UserEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		this.jdbcTemplate.update(connection -> statement(connection, connectionName, instanceId, entries));
	}

	/**
	 * The distinct users of the pass, those staged plus those read but not yet written
	 * ({@code pending} ids), and a digest of their ids in id order: two passes with equal
	 * digests listed exactly the same users.
	 */
	PassIds passIds(long instanceId, int pass, Collection<String> pending) {
		return this.jdbc.sql("""
				select count(*), md5(coalesce(string_agg(id, ',' order by id), ''))
				from (select zoho_user_id as id from zoho_user_staging
				      where job_instance_id = :instance and read_pass = :pass
				      union select unnest(string_to_array(:pending, ','))) ids
				""")
			.param("instance", instanceId)
			.param("pass", pass)
			// Zoho ids are digits: a comma-separated list needs no quoting
			.param("pending", String.join(",", pending))
			.query((rs, row) -> new PassIds(rs.getLong(1), rs.getString(2)))
			.single();
	}

	/** What the pass saw: users, those active, those with another status. */
	PassCounts counts(long instanceId, int pass) {
		return this.jdbc.sql("""
				select count(*) as users, count(*) filter (where active) as active,
				       count(*) filter (where not active) as inactive
				from zoho_user_staging where job_instance_id = ? and read_pass = ?
				""")
			.params(instanceId, pass)
			.query((rs, row) -> new PassCounts(rs.getLong("users"), rs.getLong("active"), rs.getLong("inactive")))
			.single();
	}

	/**
	 * Forgets what older runs of the connection read (completed or not), and the earlier
	 * passes of this one: what stays is every user Zoho returned to the run that has just
	 * completed, which the Snow hand-off and {@code export --format snow} list.
	 */
	int keepOnly(String connectionName, long instanceId, int pass) {
		return this.jdbc
			.sql("delete from zoho_user_staging where connection_name = ? "
					+ "and (job_instance_id < ? or (job_instance_id = ? and read_pass <> ?))")
			.params(connectionName, instanceId, instanceId, pass)
			.update();
	}

	private static PreparedStatement statement(Connection connection, String connectionName, long instanceId,
			Collection<UserEntry> entries) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(STAGE);
		statement.setLong(1, instanceId);
		statement.setString(2, connectionName);
		statement.setArray(3, texts(connection, entries, UserEntry::id));
		statement.setArray(4, texts(connection, entries, UserEntry::pass));
		statement.setArray(5, texts(connection, entries, UserEntry::page));
		statement.setArray(6, texts(connection, entries, entry -> entry.isUsable() ? entry.user().isActive() : null));
		statement.setArray(7, users(connection, entries, ZohoUser::status));
		statement.setArray(8, users(connection, entries, ZohoUser::email));
		statement.setArray(9, users(connection, entries, ZohoUser::fullName));
		statement.setArray(10, users(connection, entries, ZohoUser::firstName));
		statement.setArray(11, users(connection, entries, ZohoUser::lastName));
		statement.setArray(12, users(connection, entries, ZohoUser::confirmed));
		statement.setArray(13, users(connection, entries, ZohoUser::roleId));
		statement.setArray(14, users(connection, entries, ZohoUser::roleName));
		statement.setArray(15, users(connection, entries, ZohoUser::profileId));
		statement.setArray(16, users(connection, entries, ZohoUser::profileName));
		statement.setArray(17, users(connection, entries, ZohoUser::timeZone));
		statement.setArray(18, users(connection, entries, ZohoUser::createdTime));
		statement.setArray(19, users(connection, entries, ZohoUser::modifiedTime));
		statement.setArray(20, users(connection, entries, ZohoUser::userType));
		statement.setArray(21, users(connection, entries, ZohoUser::statusReason));
		statement.setArray(22, users(connection, entries, ZohoUser::zuid));
		return statement;
	}

	private static Array users(Connection connection, Collection<UserEntry> entries, Function<ZohoUser, ?> column)
			throws SQLException {
		return texts(connection, entries, entry -> entry.isUsable() ? column.apply(entry.user()) : null);
	}

	// every column travels as one text array; the statement casts each to its type
	private static Array texts(Connection connection, Collection<UserEntry> entries, Function<UserEntry, ?> column)
			throws SQLException {
		return connection.createArrayOf("text",
				entries.stream().map(column).map(UserStaging::text).toArray(String[]::new));
	}

	private static String text(Object value) {
		if (value instanceof OffsetDateTime time) {
			return time.toString();
		}
		return (value == null) ? null : value.toString();
	}

	/**
	 * What one read pass saw.
	 *
	 * @param users distinct users with a Zoho id
	 * @param active of them, those Zoho marks active
	 * @param inactive of them, those with another status (the rest had no usable status)
	 */
	record PassCounts(long users, long active, long inactive) {
	}

	/**
	 * The users one read pass listed.
	 *
	 * @param distinct distinct user ids
	 * @param digest MD5 of the ids in id order
	 */
	record PassIds(long distinct, String digest) {
	}

}
