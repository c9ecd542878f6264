package io.github.zohousersbatch.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTests {

	static final String TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	static final TokenCipher.Binding CRM = new TokenCipher.Binding("crm", "https://accounts.zoho.eu",
			"https://www.zohoapis.eu");

	@TempDir
	Path home;

	@Test
	void roundTripsAndNeverStoresTheTokenInClear() {
		TokenCipher cipher = cipher(key(1));

		String stored = cipher.encrypt(TOKEN, CRM);

		assertThat(stored).startsWith("v2:").doesNotContain(TOKEN).doesNotContain("86a03ca5");
		assertThat(cipher.decrypt(stored, CRM)).isEqualTo(TOKEN);
	}

	@Test
	void usesAFreshNoncePerValue() {
		TokenCipher cipher = cipher(key(1));

		assertThat(cipher.encrypt(TOKEN, CRM)).isNotEqualTo(cipher.encrypt(TOKEN, CRM));
	}

	@Test
	void aWrongKeyGivesAClearErrorNotGarbage() {
		String stored = cipher(key(1)).encrypt(TOKEN, CRM);

		assertThatThrownBy(() -> cipher(key(2)).decrypt(stored, CRM)).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("cannot be decrypted with the key from zoho.secret-key")
			.hasMessageNotContaining(TOKEN)
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
	}

	@Test
	void aValueMovedToAnotherConnectionDoesNotDecrypt() {
		TokenCipher cipher = cipher(key(1));
		String stored = cipher.encrypt(TOKEN, CRM);

		assertThatThrownBy(
				() -> cipher.decrypt(stored, new TokenCipher.Binding("crm-us", CRM.accountsServer(), CRM.apiDomain())))
			.isInstanceOf(ZohoBatchException.class);
	}

	@Test
	void aRowWhoseServersWereChangedDoesNotDecrypt() {
		TokenCipher cipher = cipher(key(1));
		String stored = cipher.encrypt(TOKEN, CRM);

		// even to other genuine Zoho servers: the tokens were issued for these
		for (TokenCipher.Binding changed : new TokenCipher.Binding[] {
				new TokenCipher.Binding("crm", "https://accounts.zoho.com", CRM.apiDomain()),
				new TokenCipher.Binding("crm", CRM.accountsServer(), "https://www.zohoapis.com"),
				new TokenCipher.Binding("crm", CRM.accountsServer() + "/", CRM.apiDomain()) }) {
			assertThatThrownBy(() -> cipher.decrypt(stored, changed)).as(changed.toString())
				.isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining("accounts_server or api_domain were changed")
				.hasMessageContaining("nothing was sent to Zoho")
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.CONFIGURATION);
		}
	}

	@Test
	void fieldBoundariesCannotBeShifted() {
		TokenCipher cipher = cipher(key(1));
		String stored = cipher.encrypt(TOKEN, new TokenCipher.Binding("crm", "https://a", "https://b"));

		assertThatThrownBy(() -> cipher.decrypt(stored, new TokenCipher.Binding("crmhttps://a", "", "https://b")))
			.isInstanceOf(ZohoBatchException.class);
	}

	@Test
	void valuesOfTheFirstFormatAreStillRead() {
		// as the previous release wrote them: the connection name alone as associated
		// data
		String legacy = ZohoFixture.legacyEncrypt(TOKEN, "crm");

		assertThat(cipher(ZohoBatchTest.SECRET_KEY).decrypt(legacy, CRM)).isEqualTo(TOKEN);
		assertThatThrownBy(() -> cipher(ZohoBatchTest.SECRET_KEY).decrypt(legacy,
				new TokenCipher.Binding("other", CRM.accountsServer(), CRM.apiDomain())))
			.isInstanceOf(ZohoBatchException.class);
	}

	@Test
	void keyOfTheWrongLengthIsRefused() {
		assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16])))
			.hasMessageContaining("must be 32 bytes");
	}

	@Test
	void keyFileIsCreatedOnFirstUseWithOwnerOnlyPermissionsAndReused() throws Exception {
		Path keyFile = this.home.resolve("nested").resolve("secret.key");
		ZohoProperties properties = keyFileProperties(keyFile);

		String stored = TokenCipher.fromProperties(properties).encrypt(TOKEN, CRM);

		assertThat(keyFile).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		assertThat(TokenCipher.fromProperties(properties).decrypt(stored, CRM)).isEqualTo(TOKEN);
		try (var files = Files.list(keyFile.getParent())) {
			assertThat(files).containsExactly(keyFile);
		}
	}

	@Test
	void aKeyFileOthersMayReadOrWriteIsRefusedAsSshRefusesSuchAPrivateKey() throws Exception {
		Path keyFile = this.home.resolve("secret.key");
		TokenCipher.fromProperties(keyFileProperties(keyFile));

		for (String open : new String[] { "rw-r-----", "rw--w----", "rw----r--", "rw-----w-", "rw-rw-rw-" }) {
			Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(open));
			assertThatThrownBy(() -> TokenCipher.fromProperties(keyFileProperties(keyFile))).as(open)
				.isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining("The token key file " + keyFile + " may be read or written by other users")
				.hasMessageContaining("(permissions " + open + ")")
				.hasMessageContaining("chmod 600 " + keyFile)
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.CONFIGURATION);
		}
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
		assertThat(TokenCipher.fromProperties(keyFileProperties(keyFile)).encrypt(TOKEN, CRM)).startsWith("v2:");
	}

	private static ZohoProperties keyFileProperties(Path keyFile) {
		return new ZohoProperties(Map.of(), null, keyFile, null, Duration.ofMinutes(5), Duration.ofMinutes(5));
	}

	private static TokenCipher cipher(String base64Key) {
		return TokenCipher.fromProperties(
				new ZohoProperties(Map.of(), base64Key, null, null, Duration.ofMinutes(5), Duration.ofMinutes(5)));
	}

	private static String key(int fill) {
		byte[] key = new byte[32];
		java.util.Arrays.fill(key, (byte) fill);
		return Base64.getEncoder().encodeToString(key);
	}

}
