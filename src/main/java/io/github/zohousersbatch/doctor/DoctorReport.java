package io.github.zohousersbatch.doctor;

import java.util.List;

/**
 * What {@code doctor} found for one connection: each assumption checked, and the API
 * credits the checks used.
 *
 * @param connection the connection checked
 * @param healthy whether every assumption holds: no check failed
 * @param creditsUsed CRM API calls made (one credit each)
 * @param creditLimit the most the checks were allowed to use
 * @param checks every check, in the order run
 */
public record DoctorReport(String connection, boolean healthy, int creditsUsed, int creditLimit, List<Check> checks) {

	static DoctorReport of(String connection, List<Check> checks, int creditsUsed, int creditLimit) {
		return new DoctorReport(connection, checks.stream().noneMatch(check -> check.result() == Result.FAIL),
				creditsUsed, creditLimit, List.copyOf(checks));
	}

	/** How a check came out. */
	public enum Result {

		/** The assumption holds. */
		OK,

		/** Holds partly, or an optional capability is missing; the job still works. */
		WARN,

		/** The assumption does not hold: the remedy says what to do. */
		FAIL,

		/**
		 * Not checked: not needed for this organisation, or the credit limit was reached.
		 */
		SKIPPED

	}

	/**
	 * One check.
	 *
	 * @param name what was checked, e.g. {@code scopes}
	 * @param result how it came out
	 * @param detail what Zoho answered, in one or two sentences
	 * @param remedy what to do when it did not hold; null when nothing
	 */
	public record Check(String name, Result result, String detail, String remedy) {

		static Check ok(String name, String detail) {
			return new Check(name, Result.OK, detail, null);
		}

		static Check skipped(String name, String detail) {
			return new Check(name, Result.SKIPPED, detail, null);
		}

	}

}
