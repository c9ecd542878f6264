package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.ZohoProperties;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the token protection and the clock that decides token expiry.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ZohoProperties.class)
class AuthConfiguration {

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
