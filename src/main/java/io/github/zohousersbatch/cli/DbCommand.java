package io.github.zohousersbatch.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.github.zohousersbatch.db.EmbeddedDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db}: keeps the embedded PostgreSQL running for reporting tools until interrupted.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
		description = "Start the embedded PostgreSQL (schema migrated) and keep it running for reporting tools "
				+ "until Ctrl-C.")
class DbCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Override
	public Integer call() throws InterruptedException, SQLException {
		SpringSession spring = this.root.startSpring();
		EmbeddedDatabase database = spring.embeddedDatabase();
		if (database == null) {
			spring.close();
			System.out.println("An external database is configured (spring.datasource.url); nothing to serve.");
			return 2;
		}
		// an open session marks the server as in use: a command ending meanwhile would otherwise stop it
		Connection inUse = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
		System.out.println("Embedded PostgreSQL running: " + database.jdbcUrl() + " (user " + database.username()
				+ ", no password). Press Ctrl-C to stop it.");
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			closeQuietly(inUse);
			spring.close();
			stopped.countDown();
		}, "embedded-db-stop"));
		stopped.await();
		return 0;
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// the server stops with the application either way
		}
	}

}
