package io.github.zohousersbatch.users;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, once every page was read, that the read saw every user: Zoho's count of all
 * users ({@code GET
 * /crm/v8/users/actions/count?type=AllUsers}, one credit, asked for at the start of each
 * pass, when it also tells how many pages to read) against the distinct users the read
 * pass saw. Offset paging over a list that changes while it is read shows some users
 * twice and others never; a read that saw fewer users than Zoho has must not deactivate
 * the ones it missed.
 */
public final class CompletenessCheck {

	/**
	 * What a read that does not add up leads to ({@code zoho.job.completeness-check}).
	 */
	public enum Mode {

		/**
		 * Read once more from page 1; if it still does not add up, fail without
		 * deactivating anyone.
		 */
		FAIL,

		/**
		 * Read once more from page 1; if it still does not add up, warn and reconcile all
		 * the same.
		 */
		WARN,

		/** No count request, no check. */
		OFF

	}

	private static final Logger log = LoggerFactory.getLogger(CompletenessCheck.class);

	private final Mode mode;

	private final UserStaging staging;

	private final String connectionName;

	private final long jobInstanceId;

	private final Supplier<Optional<OptionalLong>> countAhead;

	CompletenessCheck(Mode mode, UserStaging staging, String connectionName, long jobInstanceId,
			Supplier<Optional<OptionalLong>> countAhead) {
		this.countAhead = countAhead;
		this.mode = mode;
		this.staging = staging;
		this.connectionName = connectionName;
		this.jobInstanceId = jobInstanceId;
	}

	/**
	 * Zoho's count of users at the start of a pass (one credit), which also tells the
	 * fetcher how many pages there are; empty with {@code off}, or when Zoho cannot say.
	 */
	OptionalLong count(UsersCalls calls) {
		if (this.mode == Mode.OFF) {
			return OptionalLong.empty();
		}
		// the first pass's count was asked for ahead, beside the licence requests
		return this.countAhead.get().orElseGet(calls::countAllUsers);
	}

	/**
	 * What differs between Zoho's count and the pass, or null when they agree or cannot
	 * be compared.
	 * @param counted Zoho's count at the start of the pass, if any
	 * @param pending ids read in the pass but not yet written
	 * @param unidentified records of the pass without a Zoho id, each counted as one user
	 * @param records records read in the pass
	 */
	String difference(OptionalLong counted, int pass, Collection<String> pending, long unidentified, long records) {
		if (this.mode == Mode.OFF || counted.isEmpty()) {
			return null;
		}
		long distinct = this.staging.distinctRead(this.jobInstanceId, pass, pending) + unidentified;
		if (distinct == counted.getAsLong()) {
			log.info("Connection '{}': Zoho counts {} users, and the read saw every one of them", this.connectionName,
					distinct);
			return null;
		}
		long repeated = records - distinct;
		return "Zoho counts " + counted.getAsLong() + " users but the read saw " + distinct + " distinct users in "
				+ records + " records" + ((repeated > 0) ? " (" + repeated + " of them repeated on later pages)" : "");
	}

	/**
	 * The read did not add up a second time: a failure, or with {@code warn} a warning.
	 */
	void unresolved(String difference) {
		String message = "Connection '" + this.connectionName + "': " + difference + ", again after reading every "
				+ "page a second time";
		if (this.mode == Mode.WARN) {
			log.warn("{}; reconciling all the same (zoho.job.completeness-check=warn)", message);
			return;
		}
		throw new ZohoBatchException(FailureReason.INCOMPLETE_READ, message + ". Nothing was deactivated: Zoho's "
				+ "user list changed during both reads, or Zoho counts users its list does not return. Restart later "
				+ "(zoho-users-batch restart --last-failed --connection " + this.connectionName + "); if the "
				+ "difference persists, set zoho.job.completeness-check=warn");
	}

}
