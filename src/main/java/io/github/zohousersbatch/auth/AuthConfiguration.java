package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.ZohoProperties;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the token protection, the clock that decides token expiry, and the data centres
 * configured besides those Zoho documents.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ZohoProperties.class, DataCenterProperties.class })
class AuthConfiguration {

	// before any bean can look a data centre up: TokenCipher is no user of it, the
	// token store and the clients are
	AuthConfiguration(DataCenterProperties dataCenters) {
		DataCenter.configure(dataCenters.toDataCenters());
	}

	@Bean
	TokenCipher tokenCipher(ZohoProperties properties) {
		return TokenCipher.fromProperties(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
