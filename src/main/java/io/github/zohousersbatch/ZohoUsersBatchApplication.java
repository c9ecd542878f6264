package io.github.zohousersbatch;

import io.github.zohousersbatch.cli.ZohoUsersBatchCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * zoho-users-batch: aggregates the active users of Zoho CRM organisations into PostgreSQL. The command line
 * ({@link ZohoUsersBatchCli}) decides what to do and returns the exit code a scheduler acts on.
 */
@SpringBootApplication
public class ZohoUsersBatchApplication {

	public static void main(String[] args) {
		System.exit(ZohoUsersBatchCli.execute(args));
	}

}
