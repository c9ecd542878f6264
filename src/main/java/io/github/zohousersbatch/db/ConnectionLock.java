package io.github.zohousersbatch.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One execution per connection at a time, across processes and hosts: a PostgreSQL
 * session advisory lock per connection name, held on a dedicated session for as long as
 * the execution runs. The database releases it when the session ends, a killed process
 * included, so holding it also proves that no live process is running that connection.
 * That session can also end while this process lives (an idle timeout, a network drop, a
 * failover): it is kept busy with a heartbeat, and the step that changes the aggregation
 * checks, inside its own transaction, that this process still holds the lock
 * ({@link #assertHeld}). A pooler in transaction mode (PgBouncer
 * {@code pool_mode=transaction}) gives no session of one's own, so session locks cannot
 * work there: it is not supported.
 */
@Component
public class ConnectionLock {

	// first key of the two-int advisory lock space: "ZU", so our locks do not collide
	// with other applications'
	private static final int NAMESPACE = 0x5A55;

	// a second space for the transaction lock that serialises reconciliations: "ZR"
	private static final int RECONCILE_NAMESPACE = 0x5A52;

	private static final long HEARTBEAT_SECONDS = 60;

	private static final Logger log = LoggerFactory.getLogger(ConnectionLock.class);

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final Map<String, Held> heldHere = new ConcurrentHashMap<>();

	private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "connection-lock-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	ConnectionLock(DataSource dataSource, JdbcClient jdbc) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
	}

	/** The lock of this connection, or empty when another session holds it. */
	public Optional<Held> tryAcquire(String connectionName) {
		Connection session = null;
		try {
			session = this.dataSource.getConnection();
			session.setAutoCommit(true);
			try (PreparedStatement statement = session
				.prepareStatement("select pg_try_advisory_lock(?, hashtext(?)), pg_backend_pid()")) {
				statement.setInt(1, NAMESPACE);
				statement.setString(2, connectionName);
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						return Optional.empty();
					}
					keepAlive(session);
					Held held = new Held(connectionName, session, rs.getInt(2));
					session = null;
					this.heldHere.put(connectionName, held);
					return Optional.of(held);
				}
			}
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Cannot take the lock of connection '" + connectionName + "'",
					ex);
		}
		finally {
			closeQuietly(session);
		}
	}

	/**
	 * Proves, inside the caller's transaction, that this process still holds the
	 * connection's lock, and keeps any other reconciliation of the connection out until
	 * that transaction ends. Fails (restartable) when the session holding the lock has
	 * ended, whoever may hold the lock now.
	 */
	public void assertHeld(String connectionName) {
		this.jdbc.sql("select pg_advisory_xact_lock(?, hashtext(?))")
			.params(RECONCILE_NAMESPACE, connectionName)
			.query()
			.listOfRows();
		Held held = this.heldHere.get(connectionName);
		boolean owned = held != null && this.jdbc.sql("""
				select exists (select 1 from pg_locks where locktype = 'advisory' and granted and pid = ?
				    and objsubid = 2 and database = (select oid from pg_database where datname = current_database())
				    and classid = cast(? as int4)::oid and objid = (hashtext(?)::int8 & 4294967295)::oid)
				""").params(held.pid, NAMESPACE, connectionName).query(Boolean.class).single();
		if (!owned) {
			throw new ZohoBatchException(FailureReason.FAILED, "This process no longer holds the lock of connection '"
					+ connectionName + "': the database session that held it ended (idle timeout, network drop or "
					+ "failover), so another run may be under way. Nothing was reconciled; restart it once no other run "
					+ "of the connection is running");
		}
	}

	/**
	 * Whether some session holds the lock of this connection, read from {@code pg_locks}
	 * without taking it: taking it, even briefly, could make a concurrent {@code run}
	 * fail as already running.
	 */
	public boolean isHeld(String connectionName) {
		return this.jdbc.sql("""
				select exists (select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 2
				    and database = (select oid from pg_database where datname = current_database())
				    and classid = cast(? as int4)::oid and objid = (hashtext(?)::int8 & 4294967295)::oid)
				""").params(NAMESPACE, connectionName).query(Boolean.class).single();
	}

	// a server-side idle timeout must not end the session while a long page is on its way
	private static void keepAlive(Connection session) throws SQLException {
		try (Statement statement = session.createStatement()) {
			statement.execute("select set_config(name, '0', false) from pg_settings "
					+ "where name in ('idle_session_timeout', 'idle_in_transaction_session_timeout')");
		}
	}

	private void beat() {
		this.heldHere.values().forEach(Held::beat);
	}

	private static void closeQuietly(Connection session) {
		if (session != null) {
			try {
				session.close();
			}
			catch (SQLException ex) {
				// the lock dies with the session either way
			}
		}
	}

	/** A held lock; closing the session releases it. */
	public final class Held implements AutoCloseable {

		private final String connectionName;

		private final Connection session;

		private final int pid;

		private boolean closed;

		private Held(String connectionName, Connection session, int pid) {
			this.connectionName = connectionName;
			this.session = session;
			this.pid = pid;
		}

		/**
		 * The backend process id of the session holding the lock, as {@code pg_locks}
		 * shows it.
		 */
		public int sessionPid() {
			return this.pid;
		}

		private synchronized void beat() {
			if (this.closed) {
				return;
			}
			try (Statement statement = this.session.createStatement()) {
				statement.execute("select 1");
			}
			catch (SQLException ex) {
				log.error("The database session holding the lock of connection '{}' ended ({}); this run will not "
						+ "reconcile", this.connectionName, ex.getMessage());
			}
		}

		@Override
		public void close() {
			ConnectionLock.this.heldHere.remove(this.connectionName, this);
			synchronized (this) {
				this.closed = true;
				try (PreparedStatement statement = this.session.prepareStatement("select pg_advisory_unlock_all()")) {
					statement.execute();
				}
				catch (SQLException ex) {
					// closing the session below releases it anyway
				}
				closeQuietly(this.session);
			}
		}

	}

}
