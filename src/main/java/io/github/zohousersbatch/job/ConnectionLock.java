package io.github.zohousersbatch.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * One execution per connection at a time, across processes and hosts: a PostgreSQL session advisory lock
 * per connection name, held on a dedicated session for as long as the execution runs. The database releases
 * it when the session ends, a killed process included, so holding it also proves that no live process is
 * running that connection.
 */
@Component
class ConnectionLock {

	// first key of the two-int advisory lock space: "ZU", so our locks do not collide with other applications'
	private static final int NAMESPACE = 0x5A55;

	private final DataSource dataSource;

	ConnectionLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** The lock of this connection, or empty when another session holds it. */
	Optional<Held> tryAcquire(String connectionName) {
		Connection session = null;
		try {
			session = this.dataSource.getConnection();
			session.setAutoCommit(true);
			try (PreparedStatement statement = session.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
				statement.setInt(1, NAMESPACE);
				statement.setString(2, connectionName);
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					if (rs.getBoolean(1)) {
						Held held = new Held(session);
						session = null;
						return Optional.of(held);
					}
					return Optional.empty();
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
	 * Whether some session holds the lock of this connection, read from {@code pg_locks} without taking it: taking
	 * it, even briefly, could make a concurrent {@code run} fail as already running.
	 */
	boolean isHeld(String connectionName) {
		try (Connection session = this.dataSource.getConnection();
				PreparedStatement statement = session.prepareStatement("""
						select exists (select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 2
						    and database = (select oid from pg_database where datname = current_database())
						    and classid = cast(? as int4)::oid and objid = (hashtext(?)::int8 & 4294967295)::oid)
						""")) {
			statement.setInt(1, NAMESPACE);
			statement.setString(2, connectionName);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Cannot read the lock of connection '" + connectionName + "'",
					ex);
		}
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
	static final class Held implements AutoCloseable {

		private final Connection session;

		private Held(Connection session) {
			this.session = session;
		}

		@Override
		public void close() {
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
