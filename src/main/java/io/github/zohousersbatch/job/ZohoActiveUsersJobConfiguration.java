package io.github.zohousersbatch.job;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.TokenSteps;
import io.github.zohousersbatch.licence.LicenceSteps;
import io.github.zohousersbatch.reporting.SnowSteps;
import io.github.zohousersbatch.users.UsersSteps;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@value ZohoJob#NAME} as its design reads: validate the token, record the
 * organisation's licences, read the users page by page keeping the active ones and
 * staging every one, reconcile, and hand the run over to Snow when asked. Each step is
 * built in the package that owns it; this class only chains them and adds the listeners
 * every execution has.
 */
@Configuration(proxyBeanMethods = false)
class ZohoActiveUsersJobConfiguration {

	@Bean
	Job zohoActiveUsersJob(JobRepository jobRepository, TokenSteps token, LicenceSteps licence, UsersSteps users,
			SnowSteps snow, JobFailureListener failures, ExecutionSummaryListener summary, RunOutcomeMetrics metrics,
			RetryBudgetListener retryBudgets, RunLogContext logContext,
			ObjectProvider<ObservationRegistry> observations) {
		ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
		return new JobBuilder(ZohoJob.NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { ZohoJob.CONNECTION, ZohoJob.RUN_ID },
					new String[0]))
			.listener(logContext)
			.listener(failures)
			.listener(summary)
			.listener(metrics)
			.listener(retryBudgets)
			.listener(logContext.stepsEnded())
			.start(observed(token.validateToken(), registry, logContext))
			.next(observed(licence.recordOrgLicence(), registry, logContext))
			.next(observed(users.aggregateUsers(), registry, logContext))
			.next(observed(users.reconcileUsers(), registry, logContext))
			.next(observed(snow.handOverToSnow(), registry, logContext))
			.build();
	}

	// Spring Batch's observations (spring.batch.step, item.read, chunk.write) and the
	// step in the log context: Boot gives the registry to Job and Step beans, and these
	// steps are built, not beans
	private static Step observed(Step step, ObservationRegistry registry, RunLogContext logContext) {
		if (step instanceof AbstractStep observable) {
			observable.setObservationRegistry(registry);
			observable.registerStepExecutionListener(logContext);
		}
		return step;
	}

	/**
	 * Readable JSON in the step and job contexts; they hold positions and counts, never
	 * tokens.
	 */
	@Bean
	ExecutionContextSerializer executionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

}
