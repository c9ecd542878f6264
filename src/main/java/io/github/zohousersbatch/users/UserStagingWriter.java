package io.github.zohousersbatch.users;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes each chunk's users to {@code zoho_user_staging} with one statement: the chunk it
 * is given, every user read, active or not ({@link UsableUserCheck} keeps them all). Who
 * left is told apart from who is no longer returned, and a read is checked for
 * completeness, by the whole list. Those with another status than active are counted in
 * the step's context with the commit that stages them ({@link #inactiveIn}), so that the
 * run's counts still say how many were active and how many were not. Fields changed to
 * fit their columns are logged by record id and field, and counted.
 */
public class UserStagingWriter implements ItemStreamWriter<UserEntry> {

	static final String SANITISED = "userStagingWriter.sanitised";

	static final String INACTIVE = "userStagingWriter.inactive";

	private static final Logger log = LoggerFactory.getLogger(UserStagingWriter.class);

	private final UserStaging staging;

	private final String connectionName;

	private final long jobInstanceId;

	private final RunMetrics metrics;

	private long sanitised;

	private long inactive;

	UserStagingWriter(UserStaging staging, String connectionName, long jobInstanceId, RunMetrics metrics) {
		this.staging = staging;
		this.connectionName = connectionName;
		this.jobInstanceId = jobInstanceId;
		this.metrics = metrics;
	}

	/**
	 * Fields changed to fit their columns, as saved in the step's execution context with
	 * the last commit.
	 */
	public static long sanitisedIn(ExecutionContext context) {
		return context.getLong(SANITISED, 0L);
	}

	/**
	 * Users the step execution wrote with another status than active, as saved in its
	 * context with its last commit.
	 */
	public static long inactiveIn(ExecutionContext context) {
		return context.getLong(INACTIVE, 0L);
	}

	// sanitised counts the run (a restart goes on from its last commit), inactive this
	// execution, as the step's write count does
	@Override
	public void open(ExecutionContext context) {
		this.sanitised = sanitisedIn(context);
		this.inactive = 0;
	}

	@Override
	public void write(Chunk<? extends UserEntry> users) {
		// Zoho's offset paging can show a user twice when the list shifts: one row per id
		// and statement
		Map<String, UserEntry> byId = new LinkedHashMap<>();
		for (UserEntry entry : users) {
			byId.put(entry.id(), entry);
		}
		this.staging.stage(this.connectionName, this.jobInstanceId, byId.values());
		// counted once staged: a chunk that fails is written again, whole or user by user
		for (UserEntry entry : users) {
			noteSanitised(entry);
			if (!entry.user().isActive()) {
				this.inactive++;
			}
		}
	}

	private void noteSanitised(UserEntry entry) {
		if (entry.sanitised().isEmpty()) {
			return;
		}
		this.sanitised += entry.sanitised().size();
		this.metrics.sanitised(entry.sanitised().size());
		log.warn("User record {} on users page {} stored with changes: {}", entry.id(), entry.page(),
				String.join("; ", entry.sanitised()));
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(SANITISED, this.sanitised);
		context.putLong(INACTIVE, this.inactive);
	}

}
