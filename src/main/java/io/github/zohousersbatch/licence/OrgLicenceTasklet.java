package io.github.zohousersbatch.licence;

import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.http.Retrying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Once per run, before the users: records the organisation's licence data in {@code zoho_org_licence}. Licence
 * data is a bonus, not the product: without the {@code ZohoCRM.org.READ} scope, or when Zoho cannot answer, the
 * step warns and the run goes on.
 */
public class OrgLicenceTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(OrgLicenceTasklet.class);

	private final ZohoOrgClient client;

	private final AccessTokens accessTokens;

	private final Retrying retrying;

	private final JdbcClient jdbc;

	private final String connectionName;

	OrgLicenceTasklet(ZohoOrgClient client, AccessTokens accessTokens, Retrying retrying, JdbcClient jdbc,
			String connectionName) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.retrying = retrying;
		this.jdbc = jdbc;
		this.connectionName = connectionName;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		OrgLicence licence;
		try {
			AccessTokens.ApiAccess access = this.accessTokens.current(this.connectionName);
			licence = this.retrying.call("Organisation request", this.retrying.newBudget(),
					() -> this.client.fetch(access));
		}
		catch (ZohoBatchException ex) {
			log.warn("Licence data of connection '{}' not recorded: {}", this.connectionName, Failures.messageOf(ex));
			contribution.setExitStatus(new ExitStatus("COMPLETED", "licence data not recorded: " + Failures.messageOf(ex)));
			return RepeatStatus.FINISHED;
		}
		long instanceId = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
		this.jdbc.sql("""
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
				""").params(this.connectionName, licence.orgId(), licence.companyName(), licence.domainName(),
				licence.type(), licence.countryCode(), licence.timeZone(), licence.paid(), licence.paidType(),
				licence.paidExpiry(), licence.trialType(), licence.trialExpiry(), licence.usersLicensePurchased(),
				licence.portalUsersLicensePurchased(), instanceId)
			.update();
		log.info("Organisation of connection '{}': {} ({}), {} user licences purchased", this.connectionName,
				licence.companyName(), (licence.paidType() != null) ? licence.paidType() : "edition unknown",
				licence.usersLicensePurchased());
		return RepeatStatus.FINISHED;
	}

}
