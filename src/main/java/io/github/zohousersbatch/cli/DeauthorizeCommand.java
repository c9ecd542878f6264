package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.auth.Deauthorization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deauthorize}: revokes the connection's refresh token at Zoho and deletes the
 * stored tokens.
 */
@Command(name = "deauthorize", mixinStandardHelpOptions = true,
		description = "Revoke the connection's refresh token at Zoho and delete its stored tokens. If Zoho cannot "
				+ "be reached the tokens are kept (exit 1), so that the revocation can be retried.")
class DeauthorizeCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, defaultValue = "default",
			paramLabel = "NAME", description = "Zoho connection; default: ${DEFAULT-VALUE}.")
	private String connection;

	@Option(names = "--local-only",
			description = "Only delete the stored tokens, without asking Zoho (revoke the app yourself in Zoho "
					+ "Accounts > Active Sessions > Connected Apps).")
	private boolean localOnly;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			Deauthorization deauthorization = spring.bean(Deauthorization.class);
			String name = "Connection '" + this.connection + "'";
			System.out.println(switch (this.localOnly ? deauthorization.forget(this.connection)
					: deauthorization.deauthorize(this.connection)) {
				case REVOKED -> name + ": Zoho revoked the refresh token; the stored tokens were deleted.";
				case ALREADY_INVALID -> name + ": Zoho no longer knew the refresh token (already revoked); the stored "
						+ "tokens were deleted.";
				case NOTHING_TO_REVOKE -> name + ": no refresh token was stored; the stored tokens were deleted.";
				case FORGOTTEN -> name + ": the stored tokens were deleted; Zoho was not asked to revoke them.";
				case NOT_AUTHORIZED -> name + " has no stored tokens; nothing to do.";
				case AUTHORIZED_AGAIN -> name + ": Zoho revoked the refresh token, but meanwhile the connection was "
						+ "authorized again; those new tokens were kept.";
			});
			return 0;
		}
	}

}
