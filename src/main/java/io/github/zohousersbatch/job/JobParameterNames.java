package io.github.zohousersbatch.job;

/**
 * The identifying parameters of {@code zohoActiveUsersJob}: each {@code run} is a new instance (new run id),
 * each {@code restart} a new execution of an old one.
 */
final class JobParameterNames {

	static final String CONNECTION = "connection";

	static final String RUN_ID = "runId";

	private JobParameterNames() {
	}

}
