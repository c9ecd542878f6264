package io.github.zohousersbatch.users;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.metrics.RunMetrics;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Zoho's count of users asked for ahead, as the step before the users' starts (the
 * licence step, whose organisation and licence requests go at the same time): three
 * requests of one latency rather than three latencies before the first page. Three at
 * once stay within the smallest edition's limit less the default margin; the pages, which
 * need the count, start only after all three answered. The users step takes the answer
 * for its first pass ({@link CompletenessCheck}); a resumed run asks again.
 */
@Component
public class UsersCountAhead implements StepExecutionListener, JobExecutionListener {

	private static final ExecutorService requests = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "users-count-ahead");
		thread.setDaemon(true);
		return thread;
	});

	private final ZohoUsersClient client;

	private final AccessTokens accessTokens;

	private final Retrying retrying;

	private final JobProperties properties;

	private final Map<Long, CompletableFuture<OptionalLong>> ahead = new ConcurrentHashMap<>();

	UsersCountAhead(ZohoUsersClient client, AccessTokens accessTokens, Retrying retrying, JobProperties properties) {
		this.client = client;
		this.accessTokens = accessTokens;
		this.retrying = retrying;
		this.properties = properties;
	}

	@Override
	public void beforeStep(StepExecution step) {
		if (this.properties.completenessCheck() == CompletenessCheck.Mode.OFF) {
			return;
		}
		String connection = step.getJobExecution().getJobParameters().getString(ZohoJob.CONNECTION);
		UsersCalls calls = new UsersCalls(this.client, this.accessTokens, this.retrying,
				this.retrying.budgetOf(step.getJobExecutionId()), connection);
		// the token taken here, outside any transaction, so that the request's thread
		// never waits for a lock the step's transaction holds
		try {
			calls.open();
		}
		catch (RuntimeException ex) {
			// the users step asks for the count itself, and says why it cannot
			return;
		}
		// the request's thread carries the run's log context and connection, as the page
		// fetcher's do
		CompletableFuture<OptionalLong> count = new CompletableFuture<>();
		requests.execute(RunMetrics.forRun(connection, () -> {
			try {
				count.complete(calls.countAllUsers());
			}
			catch (RuntimeException ex) {
				count.completeExceptionally(ex);
			}
		}));
		this.ahead.put(step.getJobExecutionId(), count);
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.ahead.remove(execution.getId());
	}

	/**
	 * The count asked for ahead for this job execution, once; empty when none was. A
	 * failure is the count request's own, as if the users step had sent it.
	 */
	Optional<OptionalLong> take(long jobExecutionId) {
		CompletableFuture<OptionalLong> count = this.ahead.remove(jobExecutionId);
		if (count == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(count.join());
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
