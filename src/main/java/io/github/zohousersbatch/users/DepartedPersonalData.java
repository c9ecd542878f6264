package io.github.zohousersbatch.users;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Erases the email and names of users who left longer ago than a horizon (deactivated or
 * removed in Zoho), from {@code zoho_user_aggregation} and {@code zoho_user_change}, as
 * the GDPR's storage limitation asks: their ids, dates, statuses, profiles, roles and
 * every count stay, so reports and licence figures still add up.
 */
@Repository
public class DepartedPersonalData {

	// the departed users' changes, reached from each departed user not yet erased by its
	// key
	static final String ERASE_CHANGES = """
			update zoho_user_change c set email = null, full_name = null
			from zoho_user_aggregation a
			where not a.active and a.deactivated_at < now() - :seconds * interval '1 second'
			  and (a.email is not null or a.full_name is not null or a.first_name is not null
			       or a.last_name is not null)
			  and c.connection_name = a.connection_name and c.zoho_user_id = a.zoho_user_id
			  and (c.email is not null or c.full_name is not null)
			""";

	// by the partial index of departed users whose data is still there (015)
	static final String ERASE_USERS = """
			update zoho_user_aggregation a set email = null, full_name = null, first_name = null, last_name = null
			where not a.active and a.deactivated_at < now() - :seconds * interval '1 second'
			  and (a.email is not null or a.full_name is not null or a.first_name is not null
			       or a.last_name is not null)
			""";

	private final JdbcClient jdbc;

	DepartedPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Erases the personal data of every connection's users who left longer ago than
	 * {@code after}, in one transaction with the caller's. Returns the users erased.
	 */
	public int erase(Duration after) {
		this.jdbc.sql(ERASE_CHANGES).param("seconds", after.toSeconds()).update();
		return this.jdbc.sql(ERASE_USERS).param("seconds", after.toSeconds()).update();
	}

}
