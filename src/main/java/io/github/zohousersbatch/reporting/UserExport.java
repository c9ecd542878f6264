package io.github.zohousersbatch.reporting;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams the current active users, or the changes of one run, row by row from a
 * PostgreSQL cursor (1,000 rows at a time), so that exporting 100,000 users holds a
 * thousand rows in memory, not the organisation. The columns and their order are stable
 * and documented ({@link #USER_COLUMNS}, {@link #CHANGE_COLUMNS}): new ones are only ever
 * added at the end.
 */
@Component
public class UserExport {

	/** Columns of an export of the active users, in their order. */
	public static final List<String> USER_COLUMNS = List.of("connection_name", "zoho_user_id", "email", "full_name",
			"first_name", "last_name", "status", "user_type", "consumes_licence", "confirmed", "profile_id",
			"profile_name", "role_id", "role_name", "zuid", "status_reason", "time_zone", "zoho_created_time",
			"zoho_modified_time", "first_seen_at", "last_seen_at");

	/** Columns of an export of one run's changes, in their order. */
	public static final List<String> CHANGE_COLUMNS = List.of("connection_name", "job_instance_id", "run_ended_at",
			"zoho_user_id", "email", "full_name", "change", "status", "status_reason", "old_id", "old_name", "new_id",
			"new_name");

	private static final int FETCH_SIZE = 1000;

	private final JdbcTemplate cursor;

	private final TransactionTemplate readOnly;

	UserExport(DataSource dataSource, PlatformTransactionManager transactionManager) {
		this.cursor = new JdbcTemplate(dataSource);
		this.cursor.setFetchSize(FETCH_SIZE);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * Writes the active users of one connection, or (null) of every connection, by
	 * connection and user id. Returns the rows written.
	 */
	public long activeUsers(String connectionName, Rows rows) {
		return export(USER_COLUMNS, "zoho_active_users", "(cast(? as text) is null or connection_name = ?)",
				"connection_name, zoho_user_id", rows, connectionName, connectionName);
	}

	/**
	 * Writes the changes a completed run recorded, by change and user id. Returns the
	 * rows written.
	 */
	public long changes(long jobInstanceId, Rows rows) {
		return export(CHANGE_COLUMNS, "zoho_user_changes", "job_instance_id = ?", "change, zoho_user_id", rows,
				jobInstanceId);
	}

	/** Whether a completed run of the connection (or of any, for null) has this id. */
	public boolean isCompletedRun(String connectionName, long jobInstanceId) {
		Long runs = this.cursor.queryForObject("""
				select count(*) from zoho_aggregation_run
				where job_instance_id = ? and (cast(? as text) is null or connection_name = ?)
				""", Long.class, jobInstanceId, connectionName, connectionName);
		return runs != null && runs > 0;
	}

	private long export(List<String> columns, String view, String where, String order, Rows rows, Object... args) {
		String sql = "select " + String.join(", ", columns) + " from " + view + " where " + where + " order by "
				+ order;
		rows.start(columns);
		long[] written = { 0 };
		boolean[][] times = { null };
		// a PostgreSQL cursor needs a transaction: without one the driver reads every row
		this.readOnly.executeWithoutResult(status -> this.cursor.query(sql, (ResultSet rs) -> {
			if (times[0] == null) {
				times[0] = timestamps(rs.getMetaData());
			}
			rows.row(values(rs, times[0]));
			written[0]++;
		}, args));
		rows.end();
		return written[0];
	}

	// which columns are timestamps, read as OffsetDateTime rather than the driver's
	// Timestamp
	private static boolean[] timestamps(ResultSetMetaData meta) throws SQLException {
		boolean[] timestamps = new boolean[meta.getColumnCount()];
		for (int column = 0; column < timestamps.length; column++) {
			timestamps[column] = meta.getColumnTypeName(column + 1).equals("timestamptz");
		}
		return timestamps;
	}

	private static List<Object> values(ResultSet rs, boolean[] timestamps) throws SQLException {
		List<Object> values = new ArrayList<>(timestamps.length);
		for (int column = 0; column < timestamps.length; column++) {
			values.add(timestamps[column] ? rs.getObject(column + 1, OffsetDateTime.class) : rs.getObject(column + 1));
		}
		return values;
	}

	/** Where exported rows go: a CSV or JSON writer. */
	public interface Rows {

		/** Before the first row: the columns, in order. */
		void start(List<String> columns);

		/**
		 * One row: a value per column (String, Boolean, Long, OffsetDateTime or null).
		 */
		void row(List<Object> values);

		/** After the last row. */
		void end();

	}

}
