package io.github.zohousersbatch.users;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.http.TooManyRequestsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pages in flight: additive increase after a round of clean pages, multiplicative
 * decrease on Zoho's 429 once per round, and the ceiling of the organisation's edition.
 */
class PageConcurrencyTests {

	@Test
	void startsAtThreeAndGrowsByOneAfterEachRoundOfCleanPagesWithEverySlotTakenUpToTheCeiling() {
		// given
		PageConcurrency concurrency = new PageConcurrency(5);
		List<Integer> limits = new ArrayList<>();

		// when: rounds of as many pages at once as allowed
		for (int round = 0; round < 5; round++) {
			fullRound(concurrency);
			limits.add(concurrency.limit());
		}

		// then
		assertThat(limits).containsExactly(4, 5, 5, 5, 5);
	}

	@Test
	void aLimitNotInUseDoesNotGrow() {
		// given
		PageConcurrency concurrency = new PageConcurrency(18);

		// when: 20 pages, one at a time (the reader is slower than Zoho)
		for (int page = 1; page <= 20; page++) {
			concurrency.acquire(page);
			concurrency.watching(() -> "page");
			concurrency.release();
		}

		// then
		assertThat(concurrency.limit()).isEqualTo(PageConcurrency.START);
		assertThat(concurrency.peak()).isOne();
	}

	@Test
	void aLimitDoesNotGrowWhileTheReaderNeverWaitsForZoho() {
		// given
		PageConcurrency concurrency = new PageConcurrency(18);

		// when: rounds with every slot taken, but the pages are ready before the reader
		// asks for them
		for (int round = 0; round < 5; round++) {
			for (int page = 1; page <= 2; page++) {
				concurrency.acquire(page);
			}
			concurrency.watching(() -> "page");
			concurrency.watching(() -> "page");
			concurrency.release();
			concurrency.release();
		}

		// then
		assertThat(concurrency.limit()).isEqualTo(PageConcurrency.START);
		assertThat(concurrency.peak()).isEqualTo(2);
	}

	@Test
	void tooManyRequestsHalvesTheLimitOnceForAllTheRequestsAlreadyUnderWay() {
		// given
		PageConcurrency concurrency = grownTo(8);

		// when: two requests started under 8 are answered 429, one after the other
		assertThatExceptionOfType(PageConcurrency.Throttled.class).isThrownBy(() -> concurrency.watching(() -> {
			assertThatExceptionOfType(PageConcurrency.Throttled.class)
				.isThrownBy(() -> concurrency.watching(PageConcurrencyTests::tooManyRequests));
			assertThat(concurrency.limit()).isEqualTo(4);
			return tooManyRequests();
		}));

		// then: halved once, both asked again
		assertThat(concurrency.limit()).isEqualTo(4);
		assertThat(concurrency.throttledCount()).isEqualTo(2);
	}

	@Test
	void aRequestStartedUnderTheLoweredLimitHalvesItAgainDownToOneThenLeavesTheRetriesToTheCaller() {
		// given
		PageConcurrency concurrency = grownTo(8);
		List<Integer> limits = new ArrayList<>();

		// when
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatExceptionOfType(PageConcurrency.Throttled.class)
				.isThrownBy(() -> concurrency.watching(PageConcurrencyTests::tooManyRequests));
			limits.add(concurrency.limit());
		}

		// then: at 1 Zoho's answer is the caller's to retry with backoff (credits spent)
		assertThat(limits).containsExactly(4, 2, 1);
		assertThatExceptionOfType(TooManyRequestsException.class)
			.isThrownBy(() -> concurrency.watching(PageConcurrencyTests::tooManyRequests));
		assertThat(concurrency.limit()).isOne();
	}

	@Test
	void tooManyRequestsWithRetryAfterHalvesTheLimitAndLeavesTheWaitToTheCaller() {
		// given
		PageConcurrency concurrency = grownTo(8);

		// when / then
		assertThatExceptionOfType(TooManyRequestsException.class).isThrownBy(() -> concurrency.watching(() -> {
			throw new TooManyRequestsException("Users page 1: Zoho answered HTTP 429", Duration.ofSeconds(30));
		}));
		assertThat(concurrency.limit()).isEqualTo(4);
	}

	@Test
	void aCeilingOfOneReadsOnePageAtATime() {
		PageConcurrency concurrency = new PageConcurrency(1);
		for (int round = 0; round < 5; round++) {
			fullRound(concurrency);
		}
		assertThat(concurrency.limit()).isOne();
	}

	@Test
	void theEditionsLimitLessTheMarginIsTheCeiling() {
		assertThat(ConcurrencyCeiling.ceiling(ZohoEdition.of("enterprise"), 2)).isEqualTo(18);
		assertThat(ConcurrencyCeiling.ceiling(ZohoEdition.of("Ultimate"), 0)).isEqualTo(25);
		assertThat(ConcurrencyCeiling.ceiling(ZohoEdition.of("free"), 10)).isOne();
		assertThat(ZohoEdition.of("zoho_one")).isEqualTo(ZohoEdition.ENTERPRISE);
		assertThat(ZohoEdition.of("CRM Plus")).isEqualTo(ZohoEdition.ULTIMATE);
		assertThat(ZohoEdition.of("professional")).isEqualTo(ZohoEdition.PROFESSIONAL);
		assertThat(ZohoEdition.of("standard")).isEqualTo(ZohoEdition.STANDARD);
		assertThat(ZohoEdition.of("bigin")).isNull();
		assertThat(ZohoEdition.of(null)).isNull();
	}

	private static PageConcurrency grownTo(int limit) {
		PageConcurrency concurrency = new PageConcurrency(18);
		while (concurrency.limit() < limit) {
			fullRound(concurrency);
		}
		return concurrency;
	}

	// every slot taken, the reader waiting, then each page answered cleanly
	private static void fullRound(PageConcurrency concurrency) {
		concurrency.readerWaits();
		int slots = concurrency.limit();
		for (int page = 1; page <= slots; page++) {
			concurrency.acquire(page);
		}
		for (int page = 1; page <= slots; page++) {
			concurrency.watching(() -> "page");
		}
		for (int page = 1; page <= slots; page++) {
			concurrency.release();
		}
	}

	private static String tooManyRequests() {
		throw new TooManyRequestsException("Users page 1: Zoho answered HTTP 429 TOO_MANY_REQUESTS", null);
	}

}
