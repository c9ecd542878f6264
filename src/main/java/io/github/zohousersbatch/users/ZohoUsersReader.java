package io.github.zohousersbatch.users;

import java.util.Iterator;
import java.util.List;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.AccessTokens.ApiAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every user of the organisation page by page, following {@code info.more_records}. Its position (page
 * and offset within it, plus the users read so far) goes into the step's execution context at each chunk
 * commit, so a restart resumes at the last committed page instead of page 1.
 */
public class ZohoUsersReader implements ItemStreamReader<ZohoUser> {

	static final String PAGE = "zohoUsersReader.page";

	static final String OFFSET = "zohoUsersReader.offset";

	static final String READ = "zohoUsersReader.read";

	private static final Logger log = LoggerFactory.getLogger(ZohoUsersReader.class);

	private final ZohoUsersClient client;

	private final AccessTokens accessTokens;

	private final String connectionName;

	private final int pageSize;

	private ApiAccess access;

	private int page;

	private int offset;

	private long read;

	private boolean moreRecords;

	private Iterator<ZohoUser> current = List.<ZohoUser>of().iterator();

	private boolean pageLoaded;

	private long lastPageNanos = System.nanoTime();

	public ZohoUsersReader(ZohoUsersClient client, AccessTokens accessTokens, String connectionName, int pageSize) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.connectionName = connectionName;
		this.pageSize = pageSize;
	}

	@Override
	public void open(ExecutionContext context) {
		this.page = context.getInt(PAGE, 1);
		this.offset = context.getInt(OFFSET, 0);
		this.read = context.getLong(READ, 0L);
		this.moreRecords = true;
		this.pageLoaded = false;
		this.access = this.accessTokens.current(this.connectionName);
		if (this.page > 1 || this.offset > 0) {
			log.info("Resuming connection '{}' at users page {} (offset {}), {} users read before", this.connectionName,
					this.page, this.offset, this.read);
		}
	}

	@Override
	public ZohoUser read() {
		while (!this.pageLoaded || !this.current.hasNext()) {
			if (this.pageLoaded) {
				if (!this.moreRecords) {
					return null;
				}
				this.page++;
				this.offset = 0;
				this.pageLoaded = false;
			}
			load();
		}
		this.offset++;
		this.read++;
		return this.current.next();
	}

	private void load() {
		UsersPage fetched = this.client.fetchPage(this.access, this.page, this.pageSize);
		this.moreRecords = fetched.moreRecords();
		Iterator<ZohoUser> users = fetched.users().iterator();
		for (int skipped = 0; skipped < this.offset && users.hasNext(); skipped++) {
			users.next();
		}
		this.current = users;
		this.pageLoaded = true;
		// the rate of this page: its users over the time since the previous page, the writing of that one included
		long now = System.nanoTime();
		log.info("Users page {} of connection '{}': {} users, more_records={}, {} read so far, {} users/s", this.page,
				this.connectionName, fetched.users().size(), this.moreRecords, this.read + fetched.users().size()
						- this.offset,
				Math.round((fetched.users().size() - this.offset) * 1e9 / Math.max(1, now - this.lastPageNanos)));
		this.lastPageNanos = now;
	}

	@Override
	public void update(ExecutionContext context) {
		boolean pageDone = this.pageLoaded && !this.current.hasNext() && this.moreRecords;
		context.putInt(PAGE, pageDone ? this.page + 1 : this.page);
		context.putInt(OFFSET, pageDone ? 0 : this.offset);
		context.putLong(READ, this.read);
	}

	@Override
	public void close() {
		this.current = List.<ZohoUser>of().iterator();
	}

}
