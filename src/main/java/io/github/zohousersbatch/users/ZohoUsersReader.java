package io.github.zohousersbatch.users;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every user record of the organisation page by page, following
 * {@code info.more_records}. Its {@link ReadPosition} goes into the step's execution
 * context at each chunk commit, so a restart resumes at the last committed page instead
 * of page 1. Zoho pages by offset, so a list that changed between a failure and the
 * restart no longer lines up: a resumed read first reads its last page again and compares
 * the ids, and when they differ reads every page again from page 1 (a new pass; only the
 * last pass counts). At the end, the read is checked against Zoho's count of users and,
 * when it differs, against a second read ({@link CompletenessCheck}). A page cap and a
 * check for a page repeating the previous one stop a {@code more_records} that never
 * ends.
 */
public class ZohoUsersReader implements ItemStreamReader<UserEntry> {

	private static final Logger log = LoggerFactory.getLogger(ZohoUsersReader.class);

	private final UsersPageFetcher fetcher;

	private final CompletenessCheck completeness;

	private final String connectionName;

	private final int maxPages;

	private final RunMetrics metrics;

	private int page;

	private int offset;

	private long read;

	private int pass;

	private long passRecords;

	private long unidentified;

	private int checkedPage;

	private String digest;

	private final List<String> rereads = new ArrayList<>();

	// ids read since the last commit: not yet in zoho_user_staging
	private final List<String> pending = new ArrayList<>();

	private boolean moreRecords;

	private boolean pageLoaded;

	private boolean verifyPosition;

	private List<UserEntry> previous = List.of();

	private Iterator<UserEntry> current = List.<UserEntry>of().iterator();

	private long startedNanos;

	private long readAtStart;

	ZohoUsersReader(UsersPageFetcher fetcher, CompletenessCheck completeness, String connectionName, int maxPages,
			RunMetrics metrics) {
		this.fetcher = fetcher;
		this.completeness = completeness;
		this.connectionName = connectionName;
		this.maxPages = maxPages;
		this.metrics = metrics;
	}

	@Override
	public void open(ExecutionContext context) {
		ReadPosition saved = ReadPosition.of(context);
		this.page = saved.page();
		this.offset = saved.offset();
		this.read = saved.read();
		this.pass = saved.pass();
		this.passRecords = saved.passRecords();
		this.unidentified = saved.unidentified();
		this.checkedPage = saved.checkedPage();
		this.digest = saved.digest();
		this.rereads.addAll(saved.rereadReasons());
		this.verifyPosition = saved.isResumed();
		this.moreRecords = true;
		this.pageLoaded = false;
		this.previous = List.of();
		this.completeness.open(context);
		this.fetcher.open();
		this.fetcher.plan(this.completeness.count(this.fetcher.calls()));
		this.startedNanos = System.nanoTime();
		this.readAtStart = this.read;
		if (saved.isResumed()) {
			log.info("Resuming connection '{}' at users page {} (offset {}), {} users read before", this.connectionName,
					this.page, this.offset, this.read);
		}
	}

	@Override
	public UserEntry read() {
		while (!this.pageLoaded || !this.current.hasNext()) {
			if (this.pageLoaded) {
				if (!this.moreRecords) {
					if (complete()) {
						return null;
					}
					continue;
				}
				this.page++;
				this.offset = 0;
				this.pageLoaded = false;
			}
			load();
		}
		UserEntry entry = this.current.next().inPass(this.pass);
		this.offset++;
		this.read++;
		this.passRecords++;
		if (entry.isIdentified()) {
			this.pending.add(entry.id());
		}
		else {
			this.unidentified++;
		}
		return entry;
	}

	private void load() {
		UsersPage fetched = null;
		if (this.verifyPosition) {
			this.verifyPosition = false;
			fetched = this.fetcher.fetch(this.checkedPage);
			if (!ReadPosition.digest(fetched.entries()).equals(this.digest)) {
				startPass("Zoho's users changed since this run last read them: page " + this.checkedPage
						+ " no longer lists the users it listed");
				return;
			}
			if (this.checkedPage != this.page) {
				fetched = null;
			}
		}
		if (this.page > this.maxPages) {
			throw new ZohoBatchException(FailureReason.FAILED,
					"Users page " + this.page + ": Zoho still reports " + "more_records=true after " + this.maxPages
							+ " pages; raise zoho.job.max-pages if the " + "organisation really has more than "
							+ this.maxPages + " pages of users");
		}
		if (fetched == null) {
			fetched = this.fetcher.fetch(this.page);
		}
		if (fetched.repeats(this.previous)) {
			throw new ZohoBatchException(FailureReason.FAILED, "Users page " + this.page
					+ ": Zoho returned the same users as for page " + (this.page - 1) + "; paging is not advancing");
		}
		this.metrics.page();
		this.previous = fetched.entries();
		this.moreRecords = fetched.moreRecords();
		this.checkedPage = this.page;
		this.digest = ReadPosition.digest(fetched.entries());
		Iterator<UserEntry> entries = fetched.entries().iterator();
		for (int skipped = 0; skipped < this.offset && entries.hasNext(); skipped++) {
			entries.next();
		}
		this.current = entries;
		this.pageLoaded = true;
		long soFar = this.read + fetched.size() - this.offset;
		double seconds = (System.nanoTime() - this.startedNanos) / 1e9;
		log.info(
				"Users page {} of connection '{}': {} users, more_records={}, {} read so far ({} users/s), {} pages "
						+ "in flight allowed",
				this.page, this.connectionName, fetched.size(), this.moreRecords, soFar,
				(seconds > 0) ? Math.round((soFar - this.readAtStart) / seconds) : 0,
				this.fetcher.concurrency().limit());
	}

	// at the end of the pages: true when the read is done, false when it starts again
	// from page 1
	private boolean complete() {
		String readAgain = this.completeness.afterPass(this.fetcher.counted(), this.pass, this.pending,
				this.unidentified, this.passRecords);
		if (readAgain == null) {
			return true;
		}
		startPass(readAgain);
		return false;
	}

	private void startPass(String reason) {
		this.pass++;
		this.page = 1;
		this.offset = 0;
		this.passRecords = 0;
		this.unidentified = 0;
		this.checkedPage = 0;
		this.digest = null;
		this.pageLoaded = false;
		this.moreRecords = true;
		this.previous = List.of();
		this.pending.clear();
		this.current = List.<UserEntry>of().iterator();
		this.rereads.add(reason);
		log.warn("Connection '{}': {}; reading every page again from page 1 (pass {})", this.connectionName, reason,
				this.pass);
		this.fetcher.plan(this.completeness.count(this.fetcher.calls()));
	}

	@Override
	public void update(ExecutionContext context) {
		boolean pageDone = this.pageLoaded && !this.current.hasNext() && this.moreRecords;
		new ReadPosition(pageDone ? this.page + 1 : this.page, pageDone ? 0 : this.offset, this.read, this.pass,
				this.passRecords, this.unidentified, this.checkedPage, this.digest,
				this.rereads.isEmpty() ? null : String.join("\n", this.rereads))
			.saveTo(context);
		this.completeness.update(context);
		this.pending.clear();
	}

	@Override
	public void close() {
		this.current = List.<UserEntry>of().iterator();
		long seconds = Math.max(1, (System.nanoTime() - this.startedNanos) / 1_000_000_000);
		log.info("Read {} user records of connection '{}' in {} s: {}", this.read - this.readAtStart,
				this.connectionName, seconds, this.fetcher.summary());
		this.fetcher.close();
	}

}
