package io.github.zohousersbatch.users;

import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code zoho_listing_difference}: per connection, the difference between Zoho's count of
 * users and the distinct users its listing returns that two identical reads confirmed, so
 * that later runs showing the same difference trust it without reading every page twice.
 * Also what the previous completed run read, the floor a trusted difference must not fall
 * far below.
 */
@Repository
public class ListingDifferences {

	private final JdbcClient jdbc;

	ListingDifferences(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The confirmed difference of the connection, if any. */
	public Optional<Remembered> remembered(String connection) {
		return this.jdbc
			.sql("select difference, job_instance_id from zoho_listing_difference where connection_name = ?")
			.param(connection)
			.query((rs, row) -> new Remembered(rs.getLong(1), rs.getLong(2)))
			.optional();
	}

	void remember(String connection, long difference, long counted, long listed, long instanceId) {
		this.jdbc.sql("""
				insert into zoho_listing_difference (connection_name, difference, zoho_count, users_listed,
				    job_instance_id, confirmed_at)
				values (?, ?, ?, ?, ?, now())
				on conflict (connection_name) do update set difference = excluded.difference,
				    zoho_count = excluded.zoho_count, users_listed = excluded.users_listed,
				    job_instance_id = excluded.job_instance_id, confirmed_at = excluded.confirmed_at
				""").params(connection, difference, counted, listed, instanceId).update();
	}

	/**
	 * Forgets the connection's difference: its listing added up to Zoho's count again.
	 */
	int forget(String connection) {
		return this.jdbc.sql("delete from zoho_listing_difference where connection_name = ?")
			.param(connection)
			.update();
	}

	/** Users read by the connection's last completed run, if it had one. */
	OptionalLong previousRead(String connection) {
		return this.jdbc.sql("""
				select users_read from zoho_aggregation_run where connection_name = ?
				order by ended_at desc, job_instance_id desc limit 1
				""").param(connection).query(Long.class).optional().map(OptionalLong::of).orElse(OptionalLong.empty());
	}

	/**
	 * A confirmed difference.
	 *
	 * @param difference distinct users listed minus Zoho's count
	 * @param jobInstanceId the run that confirmed it
	 */
	public record Remembered(long difference, long jobInstanceId) {
	}

}
