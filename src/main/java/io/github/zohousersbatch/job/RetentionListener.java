package io.github.zohousersbatch.job;

import java.time.Duration;
import java.util.Map;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.users.DepartedPersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After each completed run, applies {@code zoho.retention.*}: erases the personal data of
 * users who left longer ago than {@code departed-personal-data}, and purges the
 * connection's runs older than {@code history}. The run's outcome stands whatever happens
 * here: a failure is logged, and the next run tries again.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
class RetentionListener implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(RetentionListener.class);

	private final RetentionProperties retention;

	private final HistoryRetention history;

	private final DepartedPersonalData departed;

	private final TransactionTemplate transactions;

	RetentionListener(RetentionProperties retention, HistoryRetention history, DepartedPersonalData departed,
			PlatformTransactionManager transactionManager) {
		this.retention = retention;
		this.history = history;
		this.departed = departed;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Override
	public void afterJob(JobExecution execution) {
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		String connection = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		try {
			erasePersonalData(this.retention.departedPersonalData());
			purgeHistory(this.retention.history(), connection);
		}
		catch (DataAccessException ex) {
			log.warn("Retention after the run of connection '{}' failed, the next run tries again: {}", connection,
					ex.getMostSpecificCause().getMessage());
		}
	}

	private void erasePersonalData(Duration after) {
		if (after != null) {
			Integer erased = this.transactions.execute(status -> this.departed.erase(after));
			log.info("Erased the email and names of {} users who left more than {} ago", erased,
					RetentionProperties.text(after));
		}
	}

	private void purgeHistory(Duration olderThan, String connection) {
		if (olderThan != null) {
			Map<String, Long> purged = this.history.purge(olderThan, connection, false);
			log.info("Purged {} runs of connection '{}' older than {}: {}", purged.get("runs"), connection,
					RetentionProperties.text(olderThan), purged);
		}
	}

}
