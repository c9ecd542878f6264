package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * The connection has no refresh token, so no job can run until an administrator
 * authorizes it again. The first sentence is what operators search their logs for; the
 * rest is the remedy.
 */
public class MissingRefreshTokenException extends ZohoBatchException {

	public static final String SENTENCE = "No ZoHo refresh token was included with the authorization response";

	MissingRefreshTokenException(String connectionName, String context) {
		super(FailureReason.NO_REFRESH_TOKEN,
				SENTENCE + " (connection '" + connectionName + "'" + context + "). " + remedy(connectionName));
	}

	static MissingRefreshTokenException inResponse(String connectionName) {
		return new MissingRefreshTokenException(connectionName, "");
	}

	static MissingRefreshTokenException neverAuthorized(String connectionName) {
		return new MissingRefreshTokenException(connectionName, ": it has never been authorized");
	}

	static MissingRefreshTokenException notStored(String connectionName) {
		return new MissingRefreshTokenException(connectionName, ": no refresh token is stored");
	}

	/** The numbered steps that get a refresh token again. */
	public static String remedy(String connectionName) {
		return "To fix it: 1. In Zoho Accounts open Active Sessions > Connected Apps and delete (revoke) this "
				+ "application. 2. Authorize again with access_type=offline&prompt=consent: run zoho-users-batch "
				+ "authorize --connection " + connectionName + " (its consent page asks for both), or generate a Self "
				+ "Client code and run zoho-users-batch authorize --connection " + connectionName
				+ " --code GRANT_CODE.";
	}

}
