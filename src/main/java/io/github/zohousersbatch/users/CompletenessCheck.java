package io.github.zohousersbatch.users;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.users.UserStaging.PassIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Checks, once every page was read, that the read saw every user. Zoho's count of all
 * users ({@code GET /crm/v8/users/actions/count?type=AllUsers}, one credit, asked for at
 * the start of each pass, when it also tells how many pages to read) is the first
 * witness; but Zoho does not document that it equals what the listing returns (lite,
 * portal, support or deleted users may be counted and not listed, or the reverse), so the
 * last word belongs to the listing itself. A pass that does not add up is read a second
 * time: when both passes list exactly the same users, the listing is stable and the
 * difference is Zoho's semantics, not a short read; the run proceeds, records Zoho's
 * count and the difference, warns, and remembers the difference
 * ({@link ListingDifferences}) so later runs that show it do not read twice. A read fails
 * ({@code INCOMPLETE_READ}) when the passes list different users (the list moved under
 * the read), when users repeated on later pages may have pushed others off them, or when
 * a trusted difference leaves the read short of the previous completed run by more than
 * the mass-deactivation guard allows.
 */
public final class CompletenessCheck {

	/**
	 * What a read that does not add up leads to ({@code zoho.job.completeness-check}).
	 */
	public enum Mode {

		/**
		 * Read once more from page 1; proceed when both reads listed the same users, fail
		 * without deactivating anyone when they did not.
		 */
		FAIL,

		/**
		 * Read once more from page 1; if the reads still differ, warn and reconcile all
		 * the same.
		 */
		WARN,

		/** No count request, no check. */
		OFF

	}

	private static final String PREFIX = "completeness.";

	private static final Logger log = LoggerFactory.getLogger(CompletenessCheck.class);

	private final Mode mode;

	private final UserStaging staging;

	private final ListingDifferences differences;

	private final CompletenessFloor floor;

	private final String connectionName;

	private final long jobInstanceId;

	// the ids of the pass that did not add up, to compare the next pass with; kept in
	// the step's context so that a restart in the middle of the second pass keeps it
	private String previousDigest;

	// whether this execution read the pass previousDigest sums up: a restart after a
	// failed comparison reads once more rather than compare with a list that has moved on
	private boolean comparedHere;

	private Long zohoCount;

	private Long difference;

	private final Supplier<Optional<OptionalLong>> countAhead;

	CompletenessCheck(Mode mode, UserStaging staging, ListingDifferences differences, CompletenessFloor floor,
			String connectionName, long jobInstanceId, Supplier<Optional<OptionalLong>> countAhead) {
		this.countAhead = countAhead;
		this.mode = mode;
		this.staging = staging;
		this.differences = differences;
		this.floor = floor;
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
	 * Judges a pass that read every page: null when the read is done, else why every page
	 * must be read once more.
	 * @param counted Zoho's count at the start of the pass, if any
	 * @param pending ids read in the pass but not yet written
	 * @param unidentified records of the pass without a Zoho id, each counted as one user
	 * @param records records read in the pass
	 * @throws ZohoBatchException {@code INCOMPLETE_READ} when the read cannot be trusted
	 */
	String afterPass(OptionalLong counted, int pass, Collection<String> pending, long unidentified, long records) {
		if (this.mode == Mode.OFF || counted.isEmpty()) {
			return null;
		}
		PassIds ids = this.staging.passIds(this.jobInstanceId, pass, pending);
		long distinct = ids.distinct() + unidentified;
		String digest = ids.digest() + "+" + unidentified;
		this.zohoCount = counted.getAsLong();
		this.difference = distinct - counted.getAsLong();
		if (this.difference == 0) {
			log.info("Connection '{}': Zoho counts {} users, and the read saw every one of them", this.connectionName,
					distinct);
			if (this.differences.forget(this.connectionName) > 0) {
				log.info("Connection '{}': the listing adds up to Zoho's count again; the difference it showed "
						+ "before is forgotten", this.connectionName);
			}
			return null;
		}
		long repeated = records - distinct;
		String description = "Zoho counts " + counted.getAsLong() + " users but the read saw " + distinct
				+ " distinct users in " + records + " records"
				+ ((repeated > 0) ? " (" + repeated + " of them repeated on later pages)" : "");
		// repeated users with fewer users than Zoho counts: the repeats may have pushed
		// others off the pages, however often the pages say so
		boolean repeatsHideUsers = repeated > 0 && this.difference < 0;
		if (this.previousDigest == null || !this.comparedHere) {
			if (this.previousDigest == null && !repeatsHideUsers && isRemembered(this.difference)) {
				this.floor.check(this.connectionName, distinct, description);
				log.warn("Connection '{}': {}, the difference its listing has shown since it was confirmed by reading "
						+ "twice; not reading again", this.connectionName, description);
				return null;
			}
			this.previousDigest = digest;
			this.comparedHere = true;
			return description;
		}
		if (!digest.equals(this.previousDigest)) {
			return unresolved(description + ", again after reading every page a second time, and the two reads listed "
					+ "different users. Nothing was deactivated: Zoho's user list changed during the reads");
		}
		if (repeatsHideUsers) {
			return unresolved(description + ", again after reading every page a second time. Nothing was deactivated: "
					+ "Zoho's pages list some users twice, which may have kept others off them");
		}
		this.floor.check(this.connectionName, distinct, description);
		this.differences.remember(this.connectionName, this.difference, counted.getAsLong(), distinct,
				this.jobInstanceId);
		log.warn("Connection '{}': {}, and a second read of every page listed exactly the same users: the listing is "
				+ "stable, and Zoho's count differs from it by {}; reconciling with the listing, and remembering the "
				+ "difference so that later runs do not read twice while it holds", this.connectionName, description,
				this.difference);
		return null;
	}

	private boolean isRemembered(long difference) {
		return this.differences.remembered(this.connectionName)
			.filter(remembered -> remembered.difference() == difference)
			.isPresent();
	}

	// the read does not add up and cannot be trusted: a failure, or with warn a warning
	private String unresolved(String explained) {
		String message = "Connection '" + this.connectionName + "': " + explained;
		if (this.mode == Mode.WARN) {
			log.warn("{}; reconciling all the same (zoho.job.completeness-check=warn)", message);
			return null;
		}
		throw new ZohoBatchException(FailureReason.INCOMPLETE_READ, message + ". Restart later "
				+ "(zoho-users-batch restart --last-failed --connection " + this.connectionName + "); "
				+ "zoho-users-batch doctor --connection " + this.connectionName + " shows how Zoho counts and lists "
				+ "this organisation's users; if the difference persists, set zoho.job.completeness-check=warn");
	}

	/** Restores what a previous execution of the step found. */
	void open(ExecutionContext context) {
		this.previousDigest = context.getString(PREFIX + "previousDigest", null);
		this.comparedHere = false;
		this.zohoCount = context.containsKey(PREFIX + "zohoCount") ? context.getLong(PREFIX + "zohoCount") : null;
		this.difference = context.containsKey(PREFIX + "difference") ? context.getLong(PREFIX + "difference") : null;
	}

	/** Saves it with the reader's position. */
	void update(ExecutionContext context) {
		if (this.previousDigest != null) {
			context.putString(PREFIX + "previousDigest", this.previousDigest);
		}
		if (this.zohoCount != null) {
			context.putLong(PREFIX + "zohoCount", this.zohoCount);
			context.putLong(PREFIX + "difference", this.difference);
		}
	}

	/**
	 * What the check found, from the read step's context: Zoho's count of users and the
	 * distinct users listed minus that count, both null when nothing was compared.
	 */
	public static Outcome outcomeOf(ExecutionContext context) {
		return new Outcome(context.containsKey(PREFIX + "zohoCount") ? context.getLong(PREFIX + "zohoCount") : null,
				context.containsKey(PREFIX + "difference") ? context.getLong(PREFIX + "difference") : null);
	}

	/**
	 * Zoho's count of users and how the listing differed from it.
	 *
	 * @param zohoCount Zoho's count at the start of the last pass, or null
	 * @param difference distinct users listed minus the count, or null
	 */
	public record Outcome(Long zohoCount, Long difference) {
	}

}
