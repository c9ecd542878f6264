package io.github.zohousersbatch.licence;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.http.Retrying;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The licence step's tasklet, one per execution.
 */
@Configuration(proxyBeanMethods = false)
public class LicenceConfiguration {

	@Bean
	@StepScope
	OrgLicenceTasklet orgLicenceTasklet(ZohoOrgClient client, AccessTokens accessTokens, Retrying retrying,
			JdbcClient jdbc, PlatformTransactionManager transactionManager,
			@Value("#{jobParameters['connection']}") String connection) {
		return new OrgLicenceTasklet(client, accessTokens, retrying, jdbc, transactionManager, connection);
	}

}
