package io.github.zohousersbatch.auth;

import java.util.Objects;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Ends a connection's authorization: revokes its refresh token at the accounts server
 * that issued it, then forgets the stored tokens. When Zoho cannot be asked, the tokens
 * are kept so that the revocation can be tried again: forgetting a live refresh token
 * would leave it valid at Zoho with nobody able to revoke it. Only what was revoked is
 * forgotten: an authorization stored while Zoho was being asked stays.
 */
@Service
public class Deauthorization {

	private static final Logger log = LoggerFactory.getLogger(Deauthorization.class);

	// each retry follows a write of a running job; a handful means the row changes
	// continually
	private static final int ATTEMPTS = 5;

	private final TokenStore store;

	private final TokenRevocation revocation;

	private final Connections connections;

	Deauthorization(TokenStore store, TokenRevocation revocation, Connections connections) {
		this.store = store;
		this.revocation = revocation;
		this.connections = connections;
	}

	/** What became of the connection's authorization. */
	public enum Result {

		/** Zoho revoked the refresh token and the stored tokens are gone. */
		REVOKED,

		/** Zoho no longer knew the refresh token; the stored tokens are gone. */
		ALREADY_INVALID,

		/**
		 * Tokens were stored without a refresh token; they are gone, there was nothing to
		 * revoke.
		 */
		NOTHING_TO_REVOKE,

		/** Nothing was stored for the connection. */
		NOT_AUTHORIZED,

		/** Only the stored tokens were deleted; Zoho was not asked. */
		FORGOTTEN,

		/**
		 * The refresh token was revoked, but meanwhile the connection was authorized
		 * again: those tokens stay.
		 */
		AUTHORIZED_AGAIN

	}

	/**
	 * Revokes at Zoho, then deletes; fails, keeping the tokens, when Zoho could not be
	 * asked.
	 */
	public Result deauthorize(String connectionName) {
		Optional<ConnectionToken> found = this.store.find(connectionName);
		if (found.isEmpty()) {
			return Result.NOT_AUTHORIZED;
		}
		ConnectionToken token = found.get();
		Result result = Result.NOTHING_TO_REVOKE;
		if (token.hasRefreshToken()) {
			result = (revoke(token) == TokenRevocation.Outcome.REVOKED) ? Result.REVOKED : Result.ALREADY_INVALID;
		}
		if (!forgetRevoked(token)) {
			log.warn("Connection '{}' was authorized again while its previous refresh token was being revoked; the new "
					+ "tokens were kept", connectionName);
			return Result.AUTHORIZED_AGAIN;
		}
		log.info("Deauthorized connection '{}' at {}: {}", connectionName, token.accountsServer(), result);
		return result;
	}

	/**
	 * Deletes the stored tokens without asking Zoho (for tokens that cannot be decrypted
	 * or reach Zoho).
	 */
	public Result forget(String connectionName) {
		return this.store.delete(connectionName) ? Result.FORGOTTEN : Result.NOT_AUTHORIZED;
	}

	private TokenRevocation.Outcome revoke(ConnectionToken token) {
		String connectionName = token.connectionName();
		try {
			return this.revocation.revoke(connectionName, this.connections.find(connectionName).orElse(null),
					token.accountsServer(), token.refreshToken());
		}
		catch (ZohoBatchException ex) {
			if (ex.reason() != FailureReason.FAILED) {
				throw ex;
			}
			throw new ZohoBatchException(FailureReason.FAILED,
					ex.getMessage() + ". The stored tokens were kept; run deauthorize again later", ex);
		}
	}

	// Deletes the row as long as it holds the refresh token just revoked. A running job
	// may have stored a refreshed
	// access token meanwhile (a newer version, same refresh token: still ours to delete);
	// a new authorization brings
	// a refresh token of its own and is kept.
	private boolean forgetRevoked(ConnectionToken revoked) {
		ConnectionToken read = revoked;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			if (this.store.deleteIfUnchanged(read)) {
				return true;
			}
			Optional<ConnectionToken> current = this.store.find(revoked.connectionName());
			if (current.isEmpty()) {
				return true;
			}
			if (!Objects.equals(current.get().refreshToken(), revoked.refreshToken())) {
				return false;
			}
			read = current.get();
		}
		throw new ZohoBatchException(FailureReason.FAILED,
				"The refresh token of connection '" + revoked.connectionName()
						+ "' was revoked, but its stored tokens changed " + ATTEMPTS + " times while "
						+ "they were being deleted; run deauthorize again");
	}

}
