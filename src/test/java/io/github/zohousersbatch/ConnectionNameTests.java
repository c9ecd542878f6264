package io.github.zohousersbatch;

import java.time.Duration;
import java.util.Map;

import io.github.zohousersbatch.ZohoProperties.Connection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The rule for connection names, wherever a name comes from. */
class ConnectionNameTests {

	@Test
	void lettersDigitsUnderscoreAndDashUpToSixtyFourAreNames() {
		assertThat(ConnectionName.isValid("default")).isTrue();
		assertThat(ConnectionName.isValid("Org_42-eu")).isTrue();
		assertThat(ConnectionName.isValid("a".repeat(64))).isTrue();
		assertThat(ConnectionName.isValid("a".repeat(65))).isFalse();
		assertThat(ConnectionName.isValid("")).isFalse();
		assertThat(ConnectionName.isValid(null)).isFalse();
		assertThat(ConnectionName.isValid("..")).isFalse();
		assertThat(ConnectionName.isValid("x/../y")).isFalse();
		assertThat(ConnectionName.isValid("a.b")).isFalse();
		assertThat(ConnectionName.isValid("line\nforged")).isFalse();
		assertThat(ConnectionName.isValid("caf\u00e9")).isFalse();
	}

	@Test
	void theUnreadableNameIsShownCleanedAndCut() {
		assertThatExceptionOfType(ZohoBatchException.class)
			.isThrownBy(() -> ConnectionName.checked("x\u001b[31m\n" + "y".repeat(200), "zoho_connection"))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.CONFIGURATION))
			.withMessage("Invalid connection name 'x[31m" + "y".repeat(75) + "...' (from zoho_connection): a "
					+ "connection name is 1 to 64 letters (A-Z, a-z), digits, '_' or '-'");
	}

	@Test
	void thePropertiesRefuseAConnectionWhoseNameIsAPath() {
		Connection connection = new Connection("us", "id", "secret", null, Connection.DEFAULT_REDIRECT_URI,
				Connection.DEFAULT_SCOPE);

		assertThatExceptionOfType(ZohoBatchException.class)
			.isThrownBy(() -> new ZohoProperties(Map.of("../x", connection), null, null, null, Duration.ofMinutes(5),
					Duration.ofMinutes(5)))
			.withMessageContaining("Invalid connection name '../x' (from the properties, zoho.connections.NAME)");
	}

}
