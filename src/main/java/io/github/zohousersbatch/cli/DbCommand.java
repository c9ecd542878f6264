package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.db.EmbeddedDatabase;
import io.github.zohousersbatch.db.ReportingLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code db}: keeps the embedded PostgreSQL running for reporting tools until
 * interrupted, and prints how they connect: as the reporting login, which reads the
 * reporting views only (never as the superuser).
 */
@Command(name = "db", mixinStandardHelpOptions = true,
		description = "Start the embedded PostgreSQL (schema migrated) and keep it running for reporting tools "
				+ "until Ctrl-C; prints the reporting login they connect with.")
class DbCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Override
	public Integer call() throws InterruptedException, IOException, SQLException {
		SpringSession spring = this.root.startSpring();
		EmbeddedDatabase database = spring.embeddedDatabase();
		if (database == null) {
			spring.close();
			System.out.println("An external database is configured (spring.datasource.url); nothing to serve.");
			return 2;
		}
		ReportingLogin login;
		try {
			login = ReportingLogin.ensure(database, spring.bean(ZohoProperties.class).stateDir());
		}
		catch (IOException | SQLException | RuntimeException ex) {
			spring.close();
			throw ex;
		}
		// this process holds the server until it ends (EmbeddedDatabase), so no session
		// needs to stay open
		System.out.println("Embedded PostgreSQL running for reporting tools (they may read the reporting views only):");
		System.out.println("  JDBC URL  " + database.jdbcUrl());
		System.out.println("  user      " + login.user());
		System.out.println("  password  " + login.password() + "   (kept in " + login.passwordFile() + ")");
		System.out.println("  psql      psql \"host=localhost port=" + database.port() + " dbname=postgres user="
				+ login.user() + "\"");
		System.out.println("Press Ctrl-C to stop it.");
		System.out.flush();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			spring.close();
			stopped.countDown();
		}, "embedded-db-stop"));
		stopped.await();
		return 0;
	}

}
