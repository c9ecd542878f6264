package io.github.zohousersbatch.users;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Upserts a chunk of active users into {@code zoho_user_aggregation} with one statement: each column travels
 * as one array and {@code unnest} turns them back into rows. A user already known is refreshed, marked active
 * again and stamped with this job instance, which is what reconciliation relies on.
 */
public class UserAggregationWriter implements ItemStreamWriter<ZohoUser> {

	static final String WRITTEN = "userAggregationWriter.written";

	private static final String UPSERT = """
			insert into zoho_user_aggregation (connection_name, zoho_user_id, email, full_name, first_name, last_name,
			    status, confirmed, role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time,
			    zoho_modified_time, active, first_seen_at, last_seen_at, deactivated_at, last_job_instance_id)
			select ?, u.id, u.email, u.full_name, u.first_name, u.last_name, u.status, u.confirmed, u.role_id,
			    u.role_name, u.profile_id, u.profile_name, u.time_zone, u.created, u.modified, true, now(), now(),
			    null, ?
			from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[],
			    ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
			    as u(id, email, full_name, first_name, last_name, status, confirmed, role_id, role_name, profile_id,
			         profile_name, time_zone, created, modified)
			on conflict (connection_name, zoho_user_id) do update set
			    email = excluded.email, full_name = excluded.full_name, first_name = excluded.first_name,
			    last_name = excluded.last_name, status = excluded.status, confirmed = excluded.confirmed,
			    role_id = excluded.role_id, role_name = excluded.role_name, profile_id = excluded.profile_id,
			    profile_name = excluded.profile_name, time_zone = excluded.time_zone,
			    zoho_created_time = excluded.zoho_created_time, zoho_modified_time = excluded.zoho_modified_time,
			    active = true, last_seen_at = excluded.last_seen_at, deactivated_at = null,
			    last_job_instance_id = excluded.last_job_instance_id
			""";

	private final JdbcTemplate jdbc;

	private final String connectionName;

	private final long jobInstanceId;

	private long written;

	public UserAggregationWriter(JdbcTemplate jdbc, String connectionName, long jobInstanceId) {
		this.jdbc = jdbc;
		this.connectionName = connectionName;
		this.jobInstanceId = jobInstanceId;
	}

	@Override
	public void open(ExecutionContext context) {
		this.written = context.getLong(WRITTEN, 0L);
	}

	@Override
	public void write(Chunk<? extends ZohoUser> chunk) {
		// Zoho's offset paging can show a user twice when the list shifts; one row per id and statement
		Map<String, ZohoUser> byId = new LinkedHashMap<>();
		chunk.forEach(user -> byId.put(user.id(), user));
		Collection<ZohoUser> users = byId.values();
		this.jdbc.update(connection -> statement(connection, users));
		this.written += chunk.size();
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(WRITTEN, this.written);
	}

	private PreparedStatement statement(Connection connection, Collection<ZohoUser> users) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(UPSERT);
		statement.setString(1, this.connectionName);
		statement.setLong(2, this.jobInstanceId);
		statement.setArray(3, texts(connection, users, ZohoUser::id));
		statement.setArray(4, texts(connection, users, ZohoUser::email));
		statement.setArray(5, texts(connection, users, ZohoUser::fullName));
		statement.setArray(6, texts(connection, users, ZohoUser::firstName));
		statement.setArray(7, texts(connection, users, ZohoUser::lastName));
		statement.setArray(8, texts(connection, users, ZohoUser::status));
		statement.setArray(9, texts(connection, users, ZohoUser::confirmed));
		statement.setArray(10, texts(connection, users, ZohoUser::roleId));
		statement.setArray(11, texts(connection, users, ZohoUser::roleName));
		statement.setArray(12, texts(connection, users, ZohoUser::profileId));
		statement.setArray(13, texts(connection, users, ZohoUser::profileName));
		statement.setArray(14, texts(connection, users, ZohoUser::timeZone));
		statement.setArray(15, texts(connection, users, ZohoUser::createdTime));
		statement.setArray(16, texts(connection, users, ZohoUser::modifiedTime));
		return statement;
	}

	private static Array texts(Connection connection, Collection<ZohoUser> users, Function<ZohoUser, ?> column)
			throws SQLException {
		return connection.createArrayOf("text",
				users.stream().map(column).map(UserAggregationWriter::text).toArray(String[]::new));
	}

	private static String text(Object value) {
		if (value instanceof OffsetDateTime time) {
			return time.toString();
		}
		return (value == null) ? null : value.toString();
	}

}
