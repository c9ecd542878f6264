package io.github.zohousersbatch.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Where {@link ZohoUsersReader} stands, as saved in the step's execution context with
 * every chunk commit (in the same transaction as the chunk's rows) and read back when an
 * execution is restarted. Everything that reads the reader's position (reconciliation,
 * {@code status}) reads it through {@link #of(ExecutionContext)}.
 *
 * @param page the page to read next
 * @param offset records of that page already read
 * @param read records read so far by all executions of the run
 * @param pass which reading of the pages this is: 1, then 2 and more when the run read
 * every page again
 * @param passRecords records read in this pass
 * @param unidentified records of this pass without a Zoho user id (they cannot be told
 * apart)
 * @param checkedPage the page whose ids {@code digest} sums up (the last page read from),
 * or 0
 * @param digest digest of the ids on {@code checkedPage} as they were read, or null
 * @param rereads why the run read every page again, one sentence per new pass, or null
 */
public record ReadPosition(int page, int offset, long read, int pass, long passRecords, long unidentified,
		int checkedPage, String digest, String rereads) {

	private static final String PREFIX = "zohoUsersReader.";

	/**
	 * What reconciliation needs of the position, copied into the job's execution context
	 * when the read step completes: which pass counts, how many records it read, and how
	 * many of them had no id.
	 */
	static final String[] HANDED_TO_RECONCILIATION = { PREFIX + "pass", PREFIX + "passRecords",
			PREFIX + "unidentified" };

	/** Before the first page. */
	static final ReadPosition START = new ReadPosition(1, 0, 0, 1, 0, 0, 0, null, null);

	/** The position saved in a step execution context; the start when none was saved. */
	public static ReadPosition of(ExecutionContext context) {
		return new ReadPosition(context.getInt(PREFIX + "page", 1), context.getInt(PREFIX + "offset", 0),
				context.getLong(PREFIX + "read", 0L), context.getInt(PREFIX + "pass", 1),
				context.getLong(PREFIX + "passRecords", 0L), context.getLong(PREFIX + "unidentified", 0L),
				context.getInt(PREFIX + "checkedPage", 0), context.getString(PREFIX + "digest", null),
				context.getString(PREFIX + "rereads", null));
	}

	void saveTo(ExecutionContext context) {
		context.putInt(PREFIX + "page", this.page);
		context.putInt(PREFIX + "offset", this.offset);
		context.putLong(PREFIX + "read", this.read);
		context.putInt(PREFIX + "pass", this.pass);
		context.putLong(PREFIX + "passRecords", this.passRecords);
		context.putLong(PREFIX + "unidentified", this.unidentified);
		context.putInt(PREFIX + "checkedPage", this.checkedPage);
		if (this.digest != null) {
			context.putString(PREFIX + "digest", this.digest);
		}
		if (this.rereads != null) {
			context.putString(PREFIX + "rereads", this.rereads);
		}
	}

	/**
	 * Whether anything was read before: a restart then checks that Zoho's list still
	 * lines up.
	 */
	public boolean isResumed() {
		return this.digest != null;
	}

	/** The reasons the run read every page again, oldest first. */
	public List<String> rereadReasons() {
		return (this.rereads == null) ? List.of() : List.of(this.rereads.split("\n"));
	}

	/**
	 * A digest of the ids on a page, in order: equal digests, same users in the same
	 * places.
	 */
	static String digest(List<UserEntry> entries) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (UserEntry entry : entries) {
				sha.update(String.valueOf(entry.id()).getBytes(StandardCharsets.US_ASCII));
				sha.update((byte) ',');
			}
			return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
		}
	}

}
