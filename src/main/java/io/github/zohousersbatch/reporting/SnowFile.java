package io.github.zohousersbatch.reporting;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One completed run of a connection as a file of Snow Integration Manager's SaaS -
 * Generic connector: an object with {@code Users} (every user Zoho returned, its status
 * in Snow's terms, {@link SnowStatus}) and {@code Subscriptions} (one, the organisation's
 * edition: licences purchased as {@code UserCap}, Zoho's available count as
 * {@code AvailableSeats}, per-user metering, and as {@code UserIds} the users that
 * consume a licence by {@code zoho_licence_rule}). Zoho's API tells nothing of sign-ins,
 * so {@code FirstActivity} and {@code LastActivity} are left out; {@code Registration} is
 * Zoho's created time. Rows stream from PostgreSQL cursors to the output, so the size of
 * the organisation does not matter to the heap.
 *
 * @see <a href=
 * "https://docs.snowsoftware.io/other-snow-products/snow-integration-manager/saas-connectors/saas-generic-connector/json-schema">Snow:
 * SaaS Generic connector, JSON schema</a>
 */
@Component
public class SnowFile {

	/** Snow's date-time format: ISO 8601 without offset (written in UTC). */
	static final DateTimeFormatter SNOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	// Snow validates each file against its schema, where Email is format "email", and
	// refuses the whole file for one bad value: an address that does not look like one
	// goes only into UserName
	private static final Pattern MAILBOX = Pattern
		.compile("[^@\\s\"]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

	private static final int FETCH_SIZE = 1000;

	// the caller owns the stream (standard output, a file it renames when complete)
	private static final JsonMapper MAPPER = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

	private final JdbcTemplate cursor;

	private final TransactionTemplate readOnly;

	SnowFile(DataSource dataSource, PlatformTransactionManager transactionManager) {
		this.cursor = new JdbcTemplate(dataSource);
		this.cursor.setFetchSize(FETCH_SIZE);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** The latest completed run of the connection (job instance id), if any. */
	public Optional<Long> latestCompletedRun(String connectionName) {
		return this.cursor
			.query("select job_instance_id from zoho_aggregation_run where connection_name = ? "
					+ "order by ended_at desc, job_instance_id desc limit 1", (rs, row) -> rs.getLong(1),
					connectionName)
			.stream()
			.findFirst();
	}

	/**
	 * Writes the run's file; fails, having written nothing, when the run's users are not
	 * kept (a run completed before this version kept them, or a later run's).
	 */
	public Counts write(String connectionName, long instanceId, OutputStream out) {
		return this.readOnly.execute(status -> {
			long users = usersKept(instanceId);
			if (users == 0) {
				throw new ZohoBatchException(FailureReason.FAILED,
						"The users of run " + instanceId + " of connection '" + connectionName
								+ "' are not kept (only the latest completed run's are, and those of runs since this "
								+ "version): run the connection again");
			}
			try (JsonGenerator json = MAPPER.createGenerator(out, JsonEncoding.UTF8)) {
				json.writeStartObject();
				json.writeName("Users");
				json.writeStartArray();
				writeUsers(json, instanceId);
				json.writeEndArray();
				json.writeName("Subscriptions");
				json.writeStartArray();
				long billable = writeSubscription(json, connectionName, instanceId);
				json.writeEndArray();
				json.writeEndObject();
				return new Counts(users, billable);
			}
		});
	}

	private long usersKept(long instanceId) {
		Long users = this.cursor.queryForObject("select count(*) from zoho_user_staging where job_instance_id = ?",
				Long.class, instanceId);
		return (users != null) ? users : 0;
	}

	private void writeUsers(JsonGenerator json, long instanceId) {
		this.cursor.query("""
				select zoho_user_id, email, full_name, status, confirmed, zoho_created_time
				from zoho_user_staging where job_instance_id = ? order by zoho_user_id
				""", (ResultSet rs) -> {
			json.writeStartObject();
			json.writeStringProperty("Id", rs.getString("zoho_user_id"));
			String email = rs.getString("email");
			if (email != null && MAILBOX.matcher(email).matches()) {
				json.writeStringProperty("Email", email);
			}
			writeIfPresent(json, "UserName", email);
			writeIfPresent(json, "Name", rs.getString("full_name"));
			json.writeStringProperty("Status",
					SnowStatus.of(rs.getString("status"), (Boolean) rs.getObject("confirmed")).name());
			OffsetDateTime created = rs.getObject("zoho_created_time", OffsetDateTime.class);
			if (created != null) {
				json.writeStringProperty("Registration", snowTime(created));
			}
			json.writeEndObject();
		}, instanceId);
	}

	private long writeSubscription(JsonGenerator json, String connectionName, long instanceId) {
		Subscription subscription = this.cursor.queryForObject("""
				select o.org_id, o.paid_type, o.trial_type,
				       coalesce(c.licences_purchased, o.users_license_purchased) as purchased,
				       c.licences_available as available
				from zoho_aggregation_run r
				left join zoho_licence_count c on c.job_instance_id = r.job_instance_id
				left join zoho_org_licence o on o.connection_name = r.connection_name
				where r.job_instance_id = ?
				""", (rs, row) -> new Subscription(rs.getString("org_id"), rs.getString("paid_type"),
				rs.getString("trial_type"), (Number) rs.getObject("purchased"), (Number) rs.getObject("available")),
				instanceId);
		json.writeStartObject();
		json.writeStringProperty("Id", subscription.id(connectionName));
		if (subscription.purchased() != null) {
			json.writeNumberProperty("UserCap", seats(subscription.purchased()));
		}
		if (subscription.available() != null) {
			json.writeNumberProperty("AvailableSeats", seats(subscription.available()));
		}
		json.writeStringProperty("MeteringTypes", "PerUser");
		json.writeName("UserIds");
		json.writeStartArray();
		long[] billable = { 0 };
		this.cursor.query("""
				select zoho_user_id from zoho_user_staging
				where job_instance_id = ? and active and zoho_consumes_licence(connection_name, user_type)
				order by zoho_user_id
				""", (ResultSet rs) -> {
			json.writeString(rs.getString(1));
			billable[0]++;
		}, instanceId);
		json.writeEndArray();
		json.writeEndObject();
		return billable[0];
	}

	private static void writeIfPresent(JsonGenerator json, String name, String value) {
		if (value != null && !value.isBlank()) {
			json.writeStringProperty(name, value);
		}
	}

	static String snowTime(OffsetDateTime time) {
		return SNOW_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
	}

	// Snow's int; 2147483647 means unlimited, which Zoho's finite counts never are
	private static int seats(Number seats) {
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 1L, seats.longValue()));
	}

	/** What a file holds: users, and those of them billed on the subscription. */
	public record Counts(long users, long billable) {
	}

	private record Subscription(String orgId, String paidType, String trialType, Number purchased, Number available) {

		// stable while the organisation keeps its edition, as Snow tracks a subscription
		// by its id
		String id(String connectionName) {
			String edition = (paidType() != null && !"free".equalsIgnoreCase(paidType())) ? paidType()
					: (trialType() != null) ? trialType() + " trial" : (paidType() != null) ? paidType() : "unknown";
			return "zoho-crm:" + ((orgId() != null) ? orgId() : connectionName) + ":" + edition;
		}

	}

}
