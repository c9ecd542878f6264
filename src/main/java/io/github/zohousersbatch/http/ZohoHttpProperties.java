package io.github.zohousersbatch.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code zoho.http.*} for every call to Zoho (accounts server and CRM API).
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for a complete response
 */
@ConfigurationProperties("zoho.http")
public record ZohoHttpProperties(@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout) {

}
