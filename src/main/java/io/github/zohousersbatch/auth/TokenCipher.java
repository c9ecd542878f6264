package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * Encrypts tokens at rest with AES-256-GCM: a random 96-bit nonce per value and the connection name as
 * associated data, so a value copied to another connection's row does not decrypt. Stored form:
 * {@code v1:} + base64(nonce || ciphertext || tag).
 */
public final class TokenCipher {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	private final String keySource;

	TokenCipher(byte[] key, String keySource) {
		if (key.length != 32) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"The token encryption key from " + keySource + " must be 32 bytes (base64 of 32 random bytes), not "
							+ key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
		this.keySource = keySource;
	}

	/** The cipher for {@code zoho.secret-key}, or for the key file, creating the file on first use. */
	public static TokenCipher fromProperties(ZohoProperties properties) {
		if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
			return new TokenCipher(decodeKey(properties.secretKey(), "zoho.secret-key"), "zoho.secret-key");
		}
		Path file = properties.secretKeyFile();
		return new TokenCipher(decodeKey(readOrCreateKeyFile(file), "key file " + file), "key file " + file);
	}

	public String encrypt(String plaintext, String connectionName) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, connectionName);
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

	public String decrypt(String stored, String connectionName) {
		if (stored == null || !stored.startsWith(PREFIX)) {
			throw cannotDecrypt(connectionName);
		}
		try {
			byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
			if (bytes.length <= NONCE_BYTES) {
				throw cannotDecrypt(connectionName);
			}
			byte[] nonce = new byte[NONCE_BYTES];
			System.arraycopy(bytes, 0, nonce, 0, NONCE_BYTES);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, connectionName);
			byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw cannotDecrypt(connectionName);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String connectionName) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(connectionName.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private ZohoBatchException cannotDecrypt(String connectionName) {
		return new ZohoBatchException(FailureReason.CONFIGURATION, "The stored tokens of connection '"
				+ connectionName + "' cannot be decrypted with the key from " + this.keySource
				+ ": configure the key they were encrypted with, or authorize the connection again");
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

	private static String readOrCreateKeyFile(Path file) {
		try {
			if (!Files.exists(file)) {
				createKeyFile(file);
			}
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Cannot read or create the token key file " + file + ": " + ex.getMessage(), ex);
		}
	}

	// Written to a private temporary file and linked into place, so that a concurrent process either
	// sees no key file or a complete one, and the first key created wins.
	private static void createKeyFile(Path file) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, ".secret", ".tmp", ownerOnly());
		try {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
			Files.createLink(file, temporary);
		}
		catch (FileAlreadyExistsException ex) {
			// another process created it first: use its key
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static FileAttribute<?>[] ownerOnly() {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		return posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
	}

}
