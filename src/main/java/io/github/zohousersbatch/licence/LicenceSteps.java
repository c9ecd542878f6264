package io.github.zohousersbatch.licence;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job's step that belongs to this package, built where its tasklet lives.
 */
@Component
public class LicenceSteps {

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final OrgLicenceTasklet orgLicence;

	LicenceSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			OrgLicenceTasklet orgLicence) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.orgLicence = orgLicence;
	}

	/**
	 * {@value ZohoJob#RECORD_ORG_LICENCE_STEP}: once per run, a restart does not read the
	 * licence again.
	 */
	public Step recordOrgLicence() {
		return new StepBuilder(ZohoJob.RECORD_ORG_LICENCE_STEP, this.jobRepository)
			.tasklet(this.orgLicence, this.transactionManager)
			.build();
	}

}
