package io.github.zohousersbatch.licence;

import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.AccessTokens;
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
 * {@code zoho_org_licence}. Licence data is a bonus, not the product: without the
 * {@code ZohoCRM.org.READ} scope, when Zoho cannot answer, or when PostgreSQL refuses
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
		OrgLicence licence;
		try {
			AccessTokens.ApiAccess access = this.accessTokens.current(connectionName);
			licence = this.retrying.call("Organisation request", this.retrying.budgetOf(step.getJobExecutionId()),
					() -> this.client.fetch(access));
		}
		catch (RuntimeException ex) {
			return notRecorded(contribution, connectionName, Failures.messageOf(ex));
		}
		if (!licence.sanitised().isEmpty()) {
			log.warn("Organisation of connection '{}' stored with changes: {}", connectionName,
					String.join("; ", licence.sanitised()));
		}
		try {
			// in a savepoint: a failed insert must not spoil the step's own transaction
			this.savepoint.executeWithoutResult(
					status -> store(connectionName, licence, step.getJobExecution().getJobInstance().getInstanceId()));
		}
		catch (DataAccessException ex) {
			return notRecorded(contribution, connectionName, "PostgreSQL refused it: " + Failures.messageOf(ex));
		}
		log.info("Organisation of connection '{}': {} ({}), {} user licences purchased", connectionName,
				licence.companyName(), (licence.paidType() != null) ? licence.paidType() : "edition unknown",
				licence.usersLicensePurchased());
		return RepeatStatus.FINISHED;
	}

	private RepeatStatus notRecorded(StepContribution contribution, String connectionName, String why) {
		log.warn("Licence data of connection '{}' not recorded: {}", connectionName, why);
		contribution.setExitStatus(new ExitStatus("COMPLETED", "licence data not recorded: " + why));
		return RepeatStatus.FINISHED;
	}

	private void store(String connectionName, OrgLicence licence, long instanceId) {
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
