package io.github.zohousersbatch.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code zoho.http.*} for every call to Zoho (accounts server and CRM
 * API).
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for a complete response
 * @param maxAnswerSize the largest answer read into memory (a users page of 200 records
 * is about 300 KB); a larger one fails the request at once
 * @param retry how transient failures are retried
 */
@ConfigurationProperties("zoho.http")
public record HttpProperties(@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout,
		@DefaultValue("16MB") DataSize maxAnswerSize, @DefaultValue Retry retry) {

	/**
	 * Retry of transient failures (connection errors, timeouts, HTTP 5xx and 429,
	 * unreadable bodies) with exponential backoff and jitter.
	 *
	 * @param maxAttempts attempts per request, the first included
	 * @param initialBackoff upper bound of the first wait
	 * @param maxBackoff upper bound of any wait
	 * @param multiplier growth of the bound per attempt
	 * @param maxRetryAfter longest {@code Retry-After} honoured; a longer one fails the
	 * request
	 * @param maxRetriesPerRun retries allowed in one execution, all requests together
	 */
	public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
			@DefaultValue("30s") Duration maxBackoff, @DefaultValue("2.0") double multiplier,
			@DefaultValue("2m") Duration maxRetryAfter, @DefaultValue("50") int maxRetriesPerRun) {
	}

}
