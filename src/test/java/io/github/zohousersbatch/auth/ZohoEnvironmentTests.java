package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which Zoho environment a token belongs to, by its {@code api_domain}, and a connection
 * that names its environment refusing a token of another.
 */
class ZohoEnvironmentTests {

	@Test
	void everyDataCentresThreeHostsNameTheirEnvironment() {
		for (DataCenter dc : DataCenter.all()) {
			for (ZohoEnvironment environment : ZohoEnvironment.values()) {
				assertThat(ZohoEnvironment.ofApiDomain(environment.apiDomainOf(dc))).as(dc.location())
					.contains(environment);
			}
		}
		assertThat(ZohoEnvironment.ofApiDomain("https://sandbox.zohoapis.eu/")).contains(ZohoEnvironment.SANDBOX);
		assertThat(ZohoEnvironment.ofApiDomain("https://developer.zohoapis.com.au"))
			.contains(ZohoEnvironment.DEVELOPER);
		assertThat(ZohoEnvironment.ofApiDomain("https://www.zohoapis.in")).contains(ZohoEnvironment.PRODUCTION);
	}

	@Test
	void aServerOfNoKnownDataCentreBelongsToNoKnownEnvironment() {
		for (String other : new String[] { "http://127.0.0.1:41234", "https://sandbox.zohoapis.com.evil.example",
				"https://test.zohoapis.com", null, "not a url" }) {
			assertThat(ZohoEnvironment.ofApiDomain(other)).as(String.valueOf(other)).isEmpty();
		}
	}

	@Test
	void aConnectionNamingItsEnvironmentRefusesATokenOfAnother() {
		assertThatThrownBy(() -> TrustedServers.requireApiDomainToCall("crm", connection("Sandbox"),
				"https://www.zohoapis.eu", "stored for"))
			.isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("Connection 'crm' is configured for the sandbox environment "
					+ "(zoho.connections.crm.environment), but its token belongs to the production organisation at "
					+ "https://www.zohoapis.eu: nothing was sent to it")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
		assertThat(TrustedServers.requireApiDomainToCall("crm", connection("sandbox"), "https://sandbox.zohoapis.eu",
				"stored for"))
			.isEqualTo("https://sandbox.zohoapis.eu");
	}

	@Test
	void withoutAnEnvironmentOrOnAServerOfNoDataCentreTheTokenDecides() {
		assertThatCode(() -> ZohoEnvironment.require("crm", connection(null), "https://developer.zohoapis.com"))
			.doesNotThrowAnyException();
		assertThatCode(() -> ZohoEnvironment.require("crm", connection("developer"), "http://127.0.0.1:41234"))
			.doesNotThrowAnyException();
	}

	@Test
	void anUnknownEnvironmentIsAConfigurationError() {
		assertThatThrownBy(() -> ZohoEnvironment.require("crm", connection("staging"), "https://www.zohoapis.com"))
			.hasMessage("zoho.connections.crm.environment 'staging' is none of production, sandbox, developer");
	}

	private static ZohoProperties.Connection connection(String environment) {
		return new ZohoProperties.Connection("eu", "1000.ID", "secret", null,
				ZohoProperties.Connection.DEFAULT_REDIRECT_URI, ZohoProperties.Connection.DEFAULT_SCOPE, null,
				environment);
	}

}
