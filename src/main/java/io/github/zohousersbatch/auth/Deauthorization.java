package io.github.zohousersbatch.auth;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Ends a connection's authorization: revokes its refresh token at the accounts server that issued it, then
 * forgets the stored tokens. When Zoho cannot be asked, the tokens are kept so that the revocation can be tried
 * again: forgetting a live refresh token would leave it valid at Zoho with nobody able to revoke it.
 */
@Service
public class Deauthorization {

	private static final Logger log = LoggerFactory.getLogger(Deauthorization.class);

	private final TokenStore store;

	private final TokenRevocation revocation;

	Deauthorization(TokenStore store, TokenRevocation revocation) {
		this.store = store;
		this.revocation = revocation;
	}

	/** What became of the connection's authorization. */
	public enum Result {

		/** Zoho revoked the refresh token and the stored tokens are gone. */
		REVOKED,

		/** Zoho no longer knew the refresh token; the stored tokens are gone. */
		ALREADY_INVALID,

		/** Tokens were stored without a refresh token; they are gone, there was nothing to revoke. */
		NOTHING_TO_REVOKE,

		/** Nothing was stored for the connection. */
		NOT_AUTHORIZED,

		/** Only the stored tokens were deleted; Zoho was not asked. */
		FORGOTTEN

	}

	/** Revokes at Zoho, then deletes; fails, keeping the tokens, when Zoho could not be asked. */
	public Result deauthorize(String connectionName) {
		Optional<ConnectionToken> token = this.store.find(connectionName);
		if (token.isEmpty()) {
			return Result.NOT_AUTHORIZED;
		}
		Result result = Result.NOTHING_TO_REVOKE;
		if (token.get().hasRefreshToken()) {
			TokenRevocation.Outcome outcome = this.revocation.revoke(connectionName, token.get().accountsServer(),
					token.get().refreshToken());
			result = (outcome == TokenRevocation.Outcome.REVOKED) ? Result.REVOKED : Result.ALREADY_INVALID;
		}
		this.store.delete(connectionName);
		log.info("Deauthorized connection '{}' at {}: {}", connectionName, token.get().accountsServer(), result);
		return result;
	}

	/** Deletes the stored tokens without asking Zoho (for tokens that cannot be decrypted or reach Zoho). */
	public Result forget(String connectionName) {
		return this.store.delete(connectionName) ? Result.FORGOTTEN : Result.NOT_AUTHORIZED;
	}

}
