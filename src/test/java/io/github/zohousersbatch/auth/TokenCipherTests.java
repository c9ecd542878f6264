package io.github.zohousersbatch.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTests {

	static final String TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	@TempDir
	Path home;

	@Test
	void roundTripsAndNeverStoresTheTokenInClear() {
		TokenCipher cipher = cipher(key(1));

		String stored = cipher.encrypt(TOKEN, "crm");

		assertThat(stored).startsWith("v1:").doesNotContain(TOKEN).doesNotContain("86a03ca5");
		assertThat(cipher.decrypt(stored, "crm")).isEqualTo(TOKEN);
	}

	@Test
	void usesAFreshNoncePerValue() {
		TokenCipher cipher = cipher(key(1));

		assertThat(cipher.encrypt(TOKEN, "crm")).isNotEqualTo(cipher.encrypt(TOKEN, "crm"));
	}

	@Test
	void aWrongKeyGivesAClearErrorNotGarbage() {
		String stored = cipher(key(1)).encrypt(TOKEN, "crm");

		assertThatThrownBy(() -> cipher(key(2)).decrypt(stored, "crm")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("cannot be decrypted with the key from zoho.secret-key")
			.hasMessageNotContaining(TOKEN)
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
	}

	@Test
	void aValueMovedToAnotherConnectionDoesNotDecrypt() {
		TokenCipher cipher = cipher(key(1));
		String stored = cipher.encrypt(TOKEN, "crm-eu");

		assertThatThrownBy(() -> cipher.decrypt(stored, "crm-us")).isInstanceOf(ZohoBatchException.class);
	}

	@Test
	void keyOfTheWrongLengthIsRefused() {
		assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16])))
			.hasMessageContaining("must be 32 bytes");
	}

	@Test
	void keyFileIsCreatedOnFirstUseWithOwnerOnlyPermissionsAndReused() throws Exception {
		Path keyFile = this.home.resolve("nested").resolve("secret.key");
		ZohoProperties properties = new ZohoProperties(Map.of(), null, keyFile, Duration.ofMinutes(5), Duration.ofMinutes(5));

		String stored = TokenCipher.fromProperties(properties).encrypt(TOKEN, "crm");

		assertThat(keyFile).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		assertThat(TokenCipher.fromProperties(properties).decrypt(stored, "crm")).isEqualTo(TOKEN);
		try (var files = Files.list(keyFile.getParent())) {
			assertThat(files).containsExactly(keyFile);
		}
	}

	private static TokenCipher cipher(String base64Key) {
		return TokenCipher.fromProperties(new ZohoProperties(Map.of(), base64Key, null, Duration.ofMinutes(5), Duration.ofMinutes(5)));
	}

	private static String key(int fill) {
		byte[] key = new byte[32];
		java.util.Arrays.fill(key, (byte) fill);
		return Base64.getEncoder().encodeToString(key);
	}

}
