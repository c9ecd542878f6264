/**
 * The job itself: {@code zohoActiveUsersJob} chained from the steps its features build,
 * the listeners every execution has (exit codes and messages, the summary line, the
 * metrics of its outcome, written to a text file and pushed to a Pushgateway, the retry
 * budget), and the operations on executions: run, restart (with its rules), stop,
 * abandon, recovery of executions left by killed processes, history and details of
 * executions, and what an execution did
 * ({@link io.github.zohousersbatch.job.ExecutionCounts}).
 * <p>
 * Uses the features, {@code http}, {@code db}, {@code metrics} and the shared vocabulary;
 * used by {@code cli} only.
 */
package io.github.zohousersbatch.job;
