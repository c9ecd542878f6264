package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.job.ProcessExecutions;
import io.github.zohousersbatch.users.JobProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT while a command runs executions in this process: the first stops
 * them at their next chunk boundary ({@link ProcessExecutions#stopAll()}), and the
 * command ends as it does after an operator's {@code stop} ({@code STOPPED}, exit 6,
 * resumed by {@code restart}). A second signal, or the end of
 * {@code zoho.job.stop-grace-period}, ends the process at once with the code the signal
 * gives (128 + its number), leaving the execution marked running until the next
 * {@code run} or {@code restart} of the connection recovers it, as after a kill. Without
 * this, the JVM's default would end the process at once on the first signal.
 */
final class SignalStop implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SignalStop.class);

	private static final List<String> SIGNALS = List.of("TERM", "INT");

	// a terminal's Ctrl-C reaches every process of its group, and a fast-start JVM
	// passes the signal on to this one: what arrives this soon is the same request
	private static final long SAME_REQUEST_NANOS = Duration.ofSeconds(1).toNanos();

	private final ProcessExecutions executions;

	private final Duration gracePeriod;

	private final Map<Signal, SignalHandler> previous = new HashMap<>();

	private long firstSignal;

	private Thread deadline;

	private SignalStop(ProcessExecutions executions, Duration gracePeriod) {
		this.executions = executions;
		this.gracePeriod = gracePeriod;
	}

	/**
	 * Handles SIGTERM and SIGINT for the executions of the session until closed, with the
	 * session's {@code zoho.job.stop-grace-period}.
	 */
	static SignalStop install(SpringSession spring) {
		return install(spring.bean(ProcessExecutions.class), spring.bean(JobProperties.class).stopGracePeriod());
	}

	/** Handles SIGTERM and SIGINT until closed. */
	static SignalStop install(ProcessExecutions executions, Duration gracePeriod) {
		SignalStop stop = new SignalStop(executions, gracePeriod);
		for (String name : SIGNALS) {
			Signal signal = new Signal(name);
			stop.previous.put(signal, Signal.handle(signal, stop::received));
		}
		return stop;
	}

	private synchronized void received(Signal signal) {
		long now = System.nanoTime();
		if (this.deadline == null) {
			this.firstSignal = now;
			// the deadline first: a stop that cannot reach the database must not make the
			// process wait for ever
			this.deadline = new Thread(() -> exitAfter(signal), "zoho-stop-deadline");
			this.deadline.setDaemon(true);
			this.deadline.start();
			try {
				List<Long> stopped = this.executions.stopAll();
				log.warn(
						"SIG{}: execution(s) {} stop at their next chunk boundary, within "
								+ "zoho.job.stop-grace-period ({}); a second signal exits at once",
						signal.getName(), stopped, this.gracePeriod);
			}
			catch (RuntimeException ex) {
				log.warn(
						"SIG{}: the executions could not be asked to stop ({}); exiting after "
								+ "zoho.job.stop-grace-period ({}) or a second signal",
						signal.getName(), ex.getMessage(), this.gracePeriod);
			}
		}
		else if (now - this.firstSignal > SAME_REQUEST_NANOS) {
			exitNow(signal, "a second signal");
		}
	}

	private void exitAfter(Signal signal) {
		try {
			Thread.sleep(this.gracePeriod.toMillis());
			exitNow(signal, "the end of zoho.job.stop-grace-period (" + this.gracePeriod + ")");
		}
		catch (InterruptedException ex) {
			// the command ended in time
		}
	}

	private static void exitNow(Signal signal, String why) {
		log.warn("Exiting at once after {}: an execution still marked running is recovered by the next run or "
				+ "restart of its connection", why);
		System.out.flush();
		System.err.flush();
		Runtime.getRuntime().halt(128 + signal.getNumber());
	}

	@Override
	public synchronized void close() {
		this.previous.forEach(Signal::handle);
		if (this.deadline != null) {
			this.deadline.interrupt();
		}
	}

}
