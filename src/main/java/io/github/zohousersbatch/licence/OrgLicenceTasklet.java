package io.github.zohousersbatch.licence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.db.ColumnText;
import io.github.zohousersbatch.http.Retrying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Once per run, before the users: records the organisation's licence data in
 * {@code zoho_org_licence}, and Zoho's user licence counts beside it in
 * {@code zoho_licence_count}, one request each. Licence data is a bonus, not the product:
 * without the {@code ZohoCRM.org.READ} or {@code ZohoCRM.features.READ} scope, on an
 * edition without licence counts, when Zoho cannot answer, or when PostgreSQL refuses
 * what Zoho sent, the step warns and the run goes on.
 */
@Component
class OrgLicenceTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(OrgLicenceTasklet.class);

	private final ZohoOrgClient client;

	private final AccessTokens accessTokens;

	private final Retrying retrying;

	private final JdbcClient jdbc;

	private final TransactionTemplate savepoint;

	OrgLicenceTasklet(ZohoOrgClient client, AccessTokens accessTokens, Retrying retrying, JdbcClient jdbc,
			PlatformTransactionManager transactionManager) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.retrying = retrying;
		this.jdbc = jdbc;
		this.savepoint = new TransactionTemplate(transactionManager);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		String connectionName = step.getJobExecution().getJobParameters().getString(ZohoJob.CONNECTION);
		long instanceId = step.getJobExecution().getJobInstance().getInstanceId();
		Retrying.Budget budget = this.retrying.budgetOf(step.getJobExecutionId());
		List<String> warnings = new ArrayList<>(0);

		Read<OrgLicence> org = read(() -> this.retrying.call("Organisation request", budget,
				() -> this.client.fetch(this.accessTokens.current(connectionName))));
		OrgLicence orgRead = org.value();
		if (orgRead != null) {
			if (!orgRead.sanitised().isEmpty()) {
				log.warn("Organisation of connection '{}' stored with changes: {}", connectionName,
						String.join("; ", orgRead.sanitised()));
			}
			org = inSavepoint(org, () -> storeOrg(connectionName, orgRead, instanceId));
		}
		if (org.failure() != null) {
			log.warn("Licence data of connection '{}' not recorded: {}", connectionName, org.failure());
			warnings.add("licence data not recorded: " + org.failure());
		}
		else {
			log.info("Organisation of connection '{}': {} ({}), {} user licences purchased", connectionName,
					org.value().companyName(), org.value().editions(Instant.now()),
					org.value().usersLicensePurchased());
		}

		Read<UserLicences> counts = read(() -> this.retrying.call("User licences request", budget,
				() -> this.client.userLicences(this.accessTokens.current(connectionName))));
		Read<UserLicences> stored = inSavepoint(counts, () -> storeCounts(connectionName, instanceId, counts, orgRead));
		report(connectionName, counts, stored, warnings);
		if (!warnings.isEmpty()) {
			contribution.setExitStatus(new ExitStatus("COMPLETED", String.join("; ", warnings)));
		}
		return RepeatStatus.FINISHED;
	}

	// a 204 is an edition without counts: said once, no warning
	private static void report(String connectionName, Read<UserLicences> counts, Read<UserLicences> stored,
			List<String> warnings) {
		if (counts.value() != null && !counts.value().inEdition() && stored.failure() == null) {
			log.info("Connection '{}': the organisation's edition has no user licence counts (Zoho answered 204)",
					connectionName);
		}
		else if (counts.failure() != null) {
			log.warn("Zoho's licence counts of connection '{}' not read: {}", connectionName, counts.failure());
			warnings.add("licence counts not read: " + counts.failure());
		}
		else if (stored.failure() != null) {
			log.warn("Zoho's licence counts of connection '{}' not recorded: {}", connectionName, stored.failure());
			warnings.add("licence counts not recorded: " + stored.failure());
		}
		else {
			log.info("User licences of connection '{}' according to Zoho: {} purchased, {} used, {} available",
					connectionName, counts.value().purchased(), counts.value().used(), counts.value().available());
		}
	}

	// what Zoho answered, or why there is nothing
	private static <T> Read<T> read(Supplier<T> request) {
		try {
			return new Read<>(request.get(), null);
		}
		catch (RuntimeException ex) {
			return new Read<>(null, Failures.messageOf(ex));
		}
	}

	// in a savepoint: a failed insert must not spoil the step's own transaction
	private <T> Read<T> inSavepoint(Read<T> read, Runnable store) {
		try {
			this.savepoint.executeWithoutResult(status -> store.run());
			return read;
		}
		catch (DataAccessException ex) {
			return new Read<>(null, "PostgreSQL refused it: " + Failures.messageOf(ex));
		}
	}

	private void storeCounts(String connectionName, long instanceId, Read<UserLicences> counts, OrgLicence org) {
		UserLicences licences = (counts.value() != null) ? counts.value() : new UserLicences(null, null, null, true);
		String missing = licences.inEdition() ? counts.failure() : "not in this edition (Zoho answered 204)";
		this.jdbc.sql("""
				insert into zoho_licence_count (job_instance_id, connection_name, licences_purchased, licences_used,
				    licences_available, counts_missing, org_users_license_purchased, paid_type, trial_type,
				    counts_in_edition, fetched_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
				on conflict (job_instance_id) do nothing
				""")
			.params(instanceId, connectionName, licences.purchased(), licences.used(), licences.available(),
					new ColumnText().fit("counts_missing", missing, 500),
					(org != null) ? org.usersLicensePurchased() : null, (org != null) ? org.paidType() : null,
					(org != null) ? org.trialInForce(Instant.now()) : null,
					(counts.value() != null) ? licences.inEdition() : null)
			.update();
	}

	/**
	 * One of the step's reads: what Zoho answered, or null and why not.
	 *
	 * @param value what was read
	 * @param failure why nothing was
	 */
	private record Read<T>(T value, String failure) {
	}

	private void storeOrg(String connectionName, OrgLicence licence, long instanceId) {
		this.jdbc
			.sql("""
					insert into zoho_org_licence (connection_name, org_id, company_name, domain_name, org_type, country_code,
					    time_zone, paid, paid_type, paid_expiry, trial_type, trial_expiry, users_license_purchased,
					    portal_users_license_purchased, fetched_at, job_instance_id)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
					on conflict (connection_name) do update set org_id = excluded.org_id,
					    company_name = excluded.company_name, domain_name = excluded.domain_name, org_type = excluded.org_type,
					    country_code = excluded.country_code, time_zone = excluded.time_zone, paid = excluded.paid,
					    paid_type = excluded.paid_type, paid_expiry = excluded.paid_expiry, trial_type = excluded.trial_type,
					    trial_expiry = excluded.trial_expiry, users_license_purchased = excluded.users_license_purchased,
					    portal_users_license_purchased = excluded.portal_users_license_purchased,
					    fetched_at = excluded.fetched_at, job_instance_id = excluded.job_instance_id
					""")
			.params(connectionName, licence.orgId(), licence.companyName(), licence.domainName(), licence.type(),
					licence.countryCode(), licence.timeZone(), licence.paid(), licence.paidType(), licence.paidExpiry(),
					licence.trialType(), licence.trialExpiry(), licence.usersLicensePurchased(),
					licence.portalUsersLicensePurchased(), instanceId)
			.update();
	}

}
