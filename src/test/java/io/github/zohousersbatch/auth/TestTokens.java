package io.github.zohousersbatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoProperties;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores tokens for a connection the way {@code authorize} does, for tests that drive the
 * jar as a process.
 */
public final class TestTokens {

	private TestTokens() {
	}

	/**
	 * {@code plaintext} encrypted as the first release stored tokens ({@code v1:}, the
	 * connection name alone as associated data), with the test key.
	 */
	public static String legacyEncrypt(String plaintext, String connectionName) {
		try {
			byte[] nonce = new byte[12];
			new SecureRandom().nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE,
					new SecretKeySpec(Base64.getDecoder().decode(ZohoBatchTest.SECRET_KEY), "AES"),
					new GCMParameterSpec(128, nonce));
			cipher.updateAAD(connectionName.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] stored = new byte[nonce.length + sealed.length];
			System.arraycopy(nonce, 0, stored, 0, nonce.length);
			System.arraycopy(sealed, 0, stored, nonce.length, sealed.length);
			return "v1:" + Base64.getEncoder().encodeToString(stored);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An authorized connection whose access token is valid for an hour. */
	public static void authorize(DataSource dataSource, String connectionName, String apiDomain) {
		store(dataSource, connectionName, apiDomain, "1000.access." + connectionName, "1000.refresh." + connectionName);
	}

	/** These tokens, the access token valid for an hour, encrypted with the test key. */
	public static void store(DataSource dataSource, String connectionName, String apiDomain, String accessToken,
			String refreshToken) {
		ZohoProperties properties = new ZohoProperties(Map.of(), ZohoBatchTest.SECRET_KEY, null, null,
				Duration.ofMinutes(5), Duration.ofMinutes(5));
		TokenStore store = new TokenStore(JdbcClient.create(dataSource), TokenCipher.fromProperties(properties),
				properties);
		store.saveAuthorization(new ConnectionToken(connectionName, "us", apiDomain, apiDomain, refreshToken,
				accessToken, Instant.now().plus(Duration.ofHours(1)), "ZohoCRM.users.READ", Instant.now(), null));
	}

}
