package io.github.zohousersbatch.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.metrics.RunMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryingTests {

	final Retrying retrying = new Retrying(new HttpProperties(Duration.ofSeconds(1), Duration.ofSeconds(1),
			DataSize.ofMegabytes(1),
			new HttpProperties.Retry(3, Duration.ofMillis(1), Duration.ofMillis(4), 2.0, Duration.ofSeconds(1), 2)),
			new RunMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));

	final AtomicLong execution = new AtomicLong();

	@Test
	void transientFailuresAreRetriedUntilSuccess() {
		AtomicInteger calls = new AtomicInteger();

		String result = this.retrying.call("Users page 1", this.retrying.budgetOf(this.execution.incrementAndGet()),
				() -> {
					if (calls.incrementAndGet() < 3) {
						throw new TransientHttpException("Users page 1: Zoho answered HTTP 503");
					}
					return "page";
				});

		assertThat(result).isEqualTo("page");
		assertThat(calls).hasValue(3);
	}

	@Test
	void attemptsPerRequestAreBounded() {
		AtomicInteger calls = new AtomicInteger();

		assertThatThrownBy(() -> this.retrying.call("Users page 2",
				this.retrying.budgetOf(this.execution.incrementAndGet()), () -> {
					calls.incrementAndGet();
					throw new TransientHttpException("Users page 2: Zoho answered HTTP 503");
				}))
			.isInstanceOf(ZohoBatchException.class)
			.hasMessageStartingWith("Users page 2: gave up after 3 attempt(s)")
			.hasMessageEndingWith("(attempts per request exhausted); last error: Zoho answered HTTP 503");
		assertThat(calls).hasValue(3);
	}

	@Test
	void theRunBudgetIsSharedByAllRequests() {
		Retrying.Budget budget = this.retrying.budgetOf(this.execution.incrementAndGet());
		AtomicInteger calls = new AtomicInteger();
		this.retrying.call("Users page 1", budget, () -> {
			if (calls.incrementAndGet() < 3) {
				throw new TransientHttpException("HTTP 503");
			}
			return "page 1";
		});

		assertThatThrownBy(() -> this.retrying.call("Users page 2", budget, () -> {
			throw new TransientHttpException("HTTP 503");
		})).hasMessageContaining("gave up after 1 attempt(s)")
			.hasMessageContaining("retry budget of the execution exhausted");
	}

	@Test
	void nonTransientFailuresAreNotRetried() {
		AtomicInteger calls = new AtomicInteger();

		assertThatThrownBy(() -> this.retrying.call("Users page 1",
				this.retrying.budgetOf(this.execution.incrementAndGet()), () -> {
					calls.incrementAndGet();
					throw new IllegalArgumentException("bad request");
				}))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(calls).hasValue(1);
	}

	@Test
	void theBudgetBelongsToTheJobExecutionAcrossItsSteps() {
		assertThat(this.retrying.budgetOf(41)).isSameAs(this.retrying.budgetOf(41))
			.isNotSameAs(this.retrying.budgetOf(42));
		Retrying.Budget spent = this.retrying.budgetOf(41);
		this.retrying.forget(41);
		assertThat(this.retrying.budgetOf(41)).isNotSameAs(spent);
	}

	@Test
	void aRetryAfterOfZeroOrInThePastWaitsAtLeastTheBackoff() {
		for (Duration retryAfter : new Duration[] { Duration.ZERO, Duration.ofSeconds(-5),
				ZohoApi.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") }) {
			for (int attempt = 1; attempt <= 4; attempt++) {
				long bound = Math.min(1L << (attempt - 1), 4L);
				assertThat(this.retrying.nextWait(attempt, retryAfter).toMillis())
					.as(retryAfter + " attempt " + attempt)
					.isBetween(bound / 2, bound);
			}
		}
	}

	@Test
	void retryAfterWinsOverBackoffAndBackoffStaysWithinItsBounds() {
		assertThat(this.retrying.nextWait(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
		for (int attempt = 1; attempt <= 10; attempt++) {
			long bound = Math.min(1L << (attempt - 1), 4L);
			assertThat(this.retrying.nextWait(attempt, null).toMillis()).isBetween(bound / 2, bound);
		}
	}

}
