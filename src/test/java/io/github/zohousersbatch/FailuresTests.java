package io.github.zohousersbatch;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTests {

	@Test
	void reasonComesFromTheFirstCauseThatTells() {
		Exception wrapped = new IllegalStateException("Unable to process chunk",
				new ZohoBatchException(FailureReason.TOKEN_REJECTED, "rejected"));

		assertThat(Failures.reasonOf(wrapped)).isEqualTo(FailureReason.TOKEN_REJECTED);
		assertThat(Failures.messageOf(wrapped)).isEqualTo("rejected");
	}

	@Test
	void alreadyRunningIsItsOwnReason() {
		assertThat(Failures.reasonOf(new JobExecutionAlreadyRunningException("running")))
			.isEqualTo(FailureReason.ALREADY_RUNNING);
	}

	@Test
	void anUnknownFailureIsRestartableAndNamedByItsDeepestCause() {
		Exception failure = new RuntimeException("outer", new IllegalArgumentException("the real reason"));

		assertThat(Failures.reasonOf(failure)).isEqualTo(FailureReason.FAILED);
		assertThat(Failures.messageOf(failure)).isEqualTo("IllegalArgumentException: the real reason");
	}

	@Test
	void databaseUnavailableSaysSo() {
		Exception failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new java.sql.SQLException("Connection refused", "08001", new ConnectException("Connection refused")));

		assertThat(Failures.reasonOf(failure)).isEqualTo(FailureReason.FAILED);
		assertThat(Failures.messageOf(failure))
			.startsWith("PostgreSQL is unavailable or the connection was lost: Connection refused");
	}

	@Test
	void exitCodesAreTheDocumentedOnes() {
		assertThat(FailureReason.values()).extracting(FailureReason::exitCode).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
		assertThat(FailureReason.fromExitCode("NO_REFRESH_TOKEN")).isEqualTo(FailureReason.NO_REFRESH_TOKEN);
		assertThat(FailureReason.fromExitCode("COMPLETED")).isEqualTo(FailureReason.FAILED);
	}

}
