package io.github.zohousersbatch.http;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one HTTP client for Zoho: bounded connect and read timeouts, no wire logging and no
 * logging of request details (forms, headers and bodies carry tokens; see also
 * {@link WireLogGuard}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
class HttpConfiguration {

	@Bean
	WebClient zohoWebClient(WebClient.Builder builder, HttpProperties properties) {
		// Zoho's largest edition allows 25 concurrent calls; Reactor Netty's default pool
		// holds 16 connections on a small machine
		ConnectionProvider connections = ConnectionProvider.builder("zoho").maxConnections(32).build();
		HttpClient httpClient = HttpClient.create(connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.readTimeout());
		return builder.clientConnector(new ReactorClientHttpConnector(httpClient))
			.defaultHeader(HttpHeaders.USER_AGENT, "zoho-users-batch")
			.codecs(codecs -> {
				codecs.defaultCodecs().maxInMemorySize(Math.toIntExact(properties.maxAnswerSize().toBytes()));
				// forms and headers carry secrets: never log them, whatever
				// spring.codec.log-request-details says
				codecs.defaultCodecs().enableLoggingRequestDetails(false);
			})
			.build();
	}

}
