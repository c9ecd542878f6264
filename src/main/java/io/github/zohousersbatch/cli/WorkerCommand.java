package io.github.zohousersbatch.cli;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.github.zohousersbatch.fleet.FleetProperties;
import io.github.zohousersbatch.fleet.FleetWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code worker}: runs the partitions of remote fleet runs ({@code run --all --remote})
 * that the broker hands it until it is stopped; SIGTERM lets the connections it runs
 * finish their current chunk, hands their partitions back to the manager, and exits 0.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
		description = {
				"Run the connections of remote fleet runs (run --all --remote) as the broker hands them out, "
						+ "zoho.fleet.concurrency at once, until stopped.",
				"The broker is spring.artemis.broker-url (with spring.artemis.user and spring.artemis.password); "
						+ "without one, the broker a manager of this account embeds on this machine "
						+ "(zoho.fleet.embedded-broker-port), with the password and certificate of the state "
						+ "directory. A worker started before the broker waits for it. SIGTERM finishes the current "
						+ "chunks, hands their connections back to the manager and exits 0." })
class WorkerCommand implements Callable<Integer> {

	private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

	@ParentCommand
	private RootCommand root;

	@Override
	public Integer call() throws Exception {
		// the shutdown is ours: Spring's own hooks would close the database pool under
		// the running chunk, and stop the log before the worker says what it did
		SpringSession spring = this.root.startSpring(Map.of("zoho.fleet.role", FleetProperties.WORKER,
				"spring.main.register-shutdown-hook", "false", "logging.register-shutdown-hook", "false"));
		FleetWorker worker;
		try {
			worker = spring.bean(FleetWorker.class);
		}
		catch (RuntimeException ex) {
			spring.close();
			throw ex;
		}
		FleetProperties properties = spring.bean(FleetProperties.class);
		log.info("Worker {} takes partitions from queue {}, {} at once; SIGTERM stops it at a chunk boundary",
				ManagementFactory.getRuntimeMXBean().getName(), properties.queue(), properties.concurrency());
		CountDownLatch forever = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				log.info("Worker shutting down: the connections it runs stop at their next chunk boundary");
				worker.drain();
				log.info("Worker stopped: every partition it ran has ended or was handed back");
				spring.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				System.out.flush();
				System.err.flush();
				// the exit code of a process ended by a signal would be 143: a worker
				// told to
				// stop has done what it was told
				Runtime.getRuntime().halt(0);
			}
		}, "worker-shutdown"));
		forever.await();
		return 0;
	}

}
