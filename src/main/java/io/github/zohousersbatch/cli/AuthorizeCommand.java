package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.auth.Authorization;
import io.github.zohousersbatch.auth.ConnectionToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code authorize}: exchanges a grant code for the connection's tokens and stores them encrypted.
 */
@Command(name = "authorize", mixinStandardHelpOptions = true,
		description = "Exchange a Zoho grant code (Self Client, or copied from the redirect) for tokens.")
class AuthorizeCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", defaultValue = "default", paramLabel = "NAME",
			description = "Zoho connection (zoho.connections.NAME.*); default: ${DEFAULT-VALUE}.")
	private String connection;

	@Option(names = "--code", required = true, paramLabel = "GRANT_CODE",
			description = "Grant code; it is valid for a few minutes and works once.")
	private String code;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			ConnectionToken token = spring.bean(Authorization.class).authorizeWithCode(this.connection, this.code);
			System.out.println("Connection '" + this.connection + "' authorized: data centre " + token.dataCenter()
					+ ", API domain " + token.apiDomain() + ", scopes " + token.scope());
			return 0;
		}
	}

}
