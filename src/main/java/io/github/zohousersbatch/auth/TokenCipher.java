package io.github.zohousersbatch.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;

/**
 * Encrypts tokens at rest with AES-256-GCM: a random 96-bit nonce per value, and as
 * associated data the connection name, the accounts server and the API domain stored
 * beside the value ({@link Binding}). A value copied to another connection's row, or a
 * row whose servers were changed to send its tokens elsewhere, does not decrypt. Stored
 * form: {@code v2:} + base64(nonce || ciphertext || tag). Values of the first format
 * ({@code v1:}, the connection name alone as associated data) are still read; every save
 * writes {@code v2:}.
 */
public final class TokenCipher {

	private static final String LEGACY_PREFIX = "v1:";

	private static final String PREFIX = "v2:";

	private static final byte[] LABEL = "zoho_connection_token v2".getBytes(StandardCharsets.US_ASCII);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	private final String keySource;

	TokenCipher(byte[] key, String keySource) {
		if (key.length != 32) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "The token encryption key from " + keySource
					+ " must be 32 bytes (base64 of 32 random bytes), not " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
		this.keySource = keySource;
	}

	/**
	 * The cipher for {@code zoho.secret-key}, or for the key file, creating the file on
	 * first use.
	 */
	public static TokenCipher fromProperties(ZohoProperties properties) {
		if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
			return new TokenCipher(decodeKey(properties.secretKey(), "zoho.secret-key"), "zoho.secret-key");
		}
		String source = "key file " + properties.secretKeyFile();
		return new TokenCipher(decodeKey(TokenKeyFile.readOrCreate(properties.secretKeyFile()), source), source);
	}

	/** The value in the current format, bound to the row it is stored in. */
	public String encrypt(String plaintext, Binding binding) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, binding.associatedData());
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] stored = new byte[nonce.length + sealed.length];
			System.arraycopy(nonce, 0, stored, 0, nonce.length);
			System.arraycopy(sealed, 0, stored, nonce.length, sealed.length);
			return PREFIX + Base64.getEncoder().encodeToString(stored);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
		}
	}

	/**
	 * The plaintext, or a configuration error when the key or the row do not match the
	 * value.
	 */
	public String decrypt(String stored, Binding binding) {
		boolean legacy = stored != null && stored.startsWith(LEGACY_PREFIX);
		if (stored == null || !(legacy || stored.startsWith(PREFIX))) {
			throw cannotDecrypt(binding.connectionName(), legacy);
		}
		byte[] associatedData = legacy ? binding.connectionName().getBytes(StandardCharsets.UTF_8)
				: binding.associatedData();
		try {
			byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
			if (bytes.length <= NONCE_BYTES) {
				throw cannotDecrypt(binding.connectionName(), legacy);
			}
			byte[] nonce = new byte[NONCE_BYTES];
			System.arraycopy(bytes, 0, nonce, 0, NONCE_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, associatedData);
			byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw cannotDecrypt(binding.connectionName(), legacy);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(associatedData);
		return cipher;
	}

	private ZohoBatchException cannotDecrypt(String connectionName, boolean legacy) {
		return new ZohoBatchException(FailureReason.CONFIGURATION, "The stored tokens of connection '" + connectionName
				+ "' cannot be decrypted with the key from " + this.keySource
				+ (legacy ? "" : ", or their row's accounts_server or api_domain were changed since they were stored")
				+ "; nothing was sent to Zoho. Configure the key they were encrypted with, or run deauthorize --connection "
				+ connectionName + " --local-only and authorize the connection again");
	}

	private static byte[] decodeKey(String base64, String source) {
		try {
			return Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"The token encryption key from " + source + " is not valid base64");
		}
	}

	/**
	 * What a stored value is bound to: the row's connection and the servers its tokens
	 * may be sent to. Changing any of them in the database makes the value undecryptable
	 * instead of sending it elsewhere.
	 *
	 * @param connectionName the row's connection
	 * @param accountsServer the row's {@code accounts_server}, exactly as stored
	 * @param apiDomain the row's {@code api_domain}, exactly as stored
	 */
	public record Binding(String connectionName, String accountsServer, String apiDomain) {

		// each field with its length in front, so that no two different bindings give the
		// same bytes
		byte[] associatedData() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.writeBytes(LABEL);
			for (String field : new String[] { this.connectionName, this.accountsServer, this.apiDomain }) {
				byte[] bytes = (field != null) ? field.getBytes(StandardCharsets.UTF_8) : new byte[0];
				out.writeBytes(ByteBuffer.allocate(4).putInt((field != null) ? bytes.length : -1).array());
				out.writeBytes(bytes);
			}
			return out.toByteArray();
		}

	}

}
