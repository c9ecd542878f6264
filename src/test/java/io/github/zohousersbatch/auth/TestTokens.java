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
		TokenCipher cipher = TokenCipher.fromProperties(
				new ZohoProperties(Map.of(), ZohoBatchTest.SECRET_KEY, null, Duration.ofMinutes(5)));
		new TokenStore(JdbcClient.create(dataSource), cipher).saveAuthorization(new ConnectionToken(connectionName, "us",
				apiDomain, apiDomain, "1000.refresh." + connectionName, "1000.access." + connectionName,
				Instant.now().plus(Duration.ofHours(1)), "ZohoCRM.users.READ", Instant.now(), null));
	}

}
