package io.github.zohousersbatch.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import io.github.zohousersbatch.ZohoBatchTest;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores tokens for a connection the way {@code authorize} does, for tests that drive the jar as a process.
 */
public final class TestTokens {

	private TestTokens() {
	}

	/** An authorized connection whose access token is valid for an hour. */
	public static void authorize(DataSource dataSource, String connectionName, String apiDomain) {
		store(dataSource, connectionName, apiDomain, "1000.access." + connectionName, "1000.refresh." + connectionName);
	}

	/** These tokens, the access token valid for an hour, encrypted with the test key. */
	public static void store(DataSource dataSource, String connectionName, String apiDomain, String accessToken,
			String refreshToken) {
		TokenCipher cipher = TokenCipher.fromProperties(
				new ZohoProperties(Map.of(), ZohoBatchTest.SECRET_KEY, null, Duration.ofMinutes(5), Duration.ofMinutes(5)));
		new TokenStore(JdbcClient.create(dataSource), cipher).saveAuthorization(new ConnectionToken(connectionName, "us",
				apiDomain, apiDomain, refreshToken, accessToken, Instant.now().plus(Duration.ofHours(1)),
				"ZohoCRM.users.READ", Instant.now(), null));
	}

}
