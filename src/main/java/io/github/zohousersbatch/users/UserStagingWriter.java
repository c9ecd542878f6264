package io.github.zohousersbatch.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.ItemProcessListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes each chunk's users to {@code zoho_user_staging} with one statement. It stages
 * every user the {@link ActiveUserFilter} saw, the ones it filtered out too (it hears of
 * them as a process listener): who left is told apart from who is no longer returned, and
 * a read is checked for completeness, by the whole list. The step's counts keep Spring
 * Batch's meaning: written are the active users, filtered the others. Fields changed to
 * fit their columns are logged by record id and field, and counted.
 */
public class UserStagingWriter implements ItemStreamWriter<UserEntry>, ItemProcessListener<UserEntry, UserEntry> {

	static final String SANITISED = "userStagingWriter.sanitised";

	private static final Logger log = LoggerFactory.getLogger(UserStagingWriter.class);

	private final UserStaging staging;

	private final String connectionName;

	private final long jobInstanceId;

	private final RunMetrics metrics;

	// every record the filter saw since the last write, in read order, active or not
	private final List<UserEntry> seen = new ArrayList<>();

	private long sanitised;

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

	@Override
	public void open(ExecutionContext context) {
		this.sanitised = sanitisedIn(context);
	}

	@Override
	public void afterProcess(UserEntry entry, UserEntry result) {
		this.seen.add(entry);
	}

	/** Stages what the filter saw; {@code active} is the part of it the filter kept. */
	@Override
	public void write(Chunk<? extends UserEntry> active) {
		try {
			// Zoho's offset paging can show a user twice when the list shifts: one row
			// per id and statement
			Map<String, UserEntry> byId = new LinkedHashMap<>();
			for (UserEntry entry : this.seen) {
				byId.put(entry.id(), entry);
				noteSanitised(entry);
			}
			this.staging.stage(this.connectionName, this.jobInstanceId, byId.values());
		}
		finally {
			this.seen.clear();
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
	}

}
