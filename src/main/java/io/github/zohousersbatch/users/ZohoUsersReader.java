package io.github.zohousersbatch.users;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every user record of the organisation page by page, following {@code info.more_records}. Its position
 * (page and offset within it, plus the records read so far) goes into the step's execution context at each
 * chunk commit, so a restart resumes at the last committed page instead of page 1. A page cap and a check for
 * a page repeating the previous one stop a {@code more_records} that never ends.
 */
public class ZohoUsersReader implements ItemStreamReader<UserEntry> {

	static final String PAGE = "zohoUsersReader.page";

	static final String OFFSET = "zohoUsersReader.offset";

	static final String READ = "zohoUsersReader.read";

	private static final Logger log = LoggerFactory.getLogger(ZohoUsersReader.class);

	private final UsersPageFetcher fetcher;

	private final String connectionName;

	private final int maxPages;

	private int page;

	private int offset;

	private long read;

	private boolean moreRecords;

	private boolean pageLoaded;

	private List<UserEntry> previous = List.of();

	private Iterator<UserEntry> current = List.<UserEntry>of().iterator();

	private long startedNanos;

	private long readAtStart;

	private final RunMetrics metrics;

	ZohoUsersReader(UsersPageFetcher fetcher, String connectionName, int maxPages, RunMetrics metrics) {
		this.fetcher = fetcher;
		this.metrics = metrics;
		this.connectionName = connectionName;
		this.maxPages = maxPages;
	}

	@Override
	public void open(ExecutionContext context) {
		this.page = context.getInt(PAGE, 1);
		this.offset = context.getInt(OFFSET, 0);
		this.read = context.getLong(READ, 0L);
		this.moreRecords = true;
		this.pageLoaded = false;
		this.previous = List.of();
		this.fetcher.open();
		this.startedNanos = System.nanoTime();
		this.readAtStart = this.read;
		if (this.page > 1 || this.offset > 0) {
			log.info("Resuming connection '{}' at users page {} (offset {}), {} users read before", this.connectionName,
					this.page, this.offset, this.read);
		}
	}

	@Override
	public UserEntry read() {
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
		if (this.page > this.maxPages) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + this.page + ": Zoho still reports "
					+ "more_records=true after " + this.maxPages + " pages; raise zoho.job.max-pages if the "
					+ "organisation really has more than " + this.maxPages + " pages of users");
		}
		UsersPage fetched = this.fetcher.fetch(this.page);
		if (!fetched.entries().isEmpty() && sameUsers(fetched.entries(), this.previous)) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + this.page
					+ ": Zoho returned the same users as for page " + (this.page - 1) + "; paging is not advancing");
		}
		this.metrics.page();
		this.previous = fetched.entries();
		this.moreRecords = fetched.moreRecords();
		Iterator<UserEntry> entries = fetched.entries().iterator();
		for (int skipped = 0; skipped < this.offset && entries.hasNext(); skipped++) {
			entries.next();
		}
		this.current = entries;
		this.pageLoaded = true;
		long soFar = this.read + fetched.size() - this.offset;
		double seconds = (System.nanoTime() - this.startedNanos) / 1e9;
		log.info("Users page {} of connection '{}': {} users, more_records={}, {} read so far ({} users/s)", this.page,
				this.connectionName, fetched.size(), this.moreRecords, soFar,
				(seconds > 0) ? Math.round((soFar - this.readAtStart) / seconds) : 0);
	}

	private static long peakHeapMegabytes() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP)
			.mapToLong(pool -> pool.getPeakUsage().getUsed())
			.sum() / (1024 * 1024);
	}

	private static boolean sameUsers(List<UserEntry> page, List<UserEntry> previous) {
		return page.size() == previous.size() && Objects.equals(page.get(0).id(), previous.get(0).id())
				&& Objects.equals(page.get(page.size() - 1).id(), previous.get(previous.size() - 1).id());
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
		this.current = List.<UserEntry>of().iterator();
		long seconds = Math.max(1, (System.nanoTime() - this.startedNanos) / 1_000_000_000);
		log.info("Read {} user records of connection '{}' in {} s: {} requests, {} ms in HTTP calls, {} ms waiting for "
				+ "pages, peak heap {} MB", this.read - this.readAtStart, this.connectionName, seconds,
				this.fetcher.requests(), this.fetcher.httpMillis(), this.fetcher.waitMillis(), peakHeapMegabytes());
		this.fetcher.close();
	}

}
