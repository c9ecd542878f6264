package io.github.zohousersbatch.auth;

import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data centre Zoho opens after this release is one block of configuration,
 * {@code zoho.data-centers.<location>.*}, bound as the application binds it: it is then
 * known and trusted like the documented ones; what is not declared still fails safe.
 */
class DataCenterPropertiesTests {

	static final ZohoProperties.Connection US = new ZohoProperties.Connection("us", "1000.ID", "secret", null,
			ZohoProperties.Connection.DEFAULT_REDIRECT_URI, ZohoProperties.Connection.DEFAULT_SCOPE);

	@AfterEach
	void documentedOnly() {
		DataCenter.configure(List.of());
	}

	@Test
	void aConfiguredDataCentreIsKnownAndTrustedForEveryEnvironment() {
		// given
		configure(Map.of("zoho.data-centers.ae.accounts-server", "https://accounts.zoho.ae/",
				"zoho.data-centers.ae.api-domain", "https://www.zohoapis.ae"));

		// then
		DataCenter ae = DataCenter.byLocation("AE");
		assertThat(ae).isEqualTo(new DataCenter("ae", "https://accounts.zoho.ae", "https://www.zohoapis.ae",
				"https://sandbox.zohoapis.ae", "https://developer.zohoapis.ae"));
		assertThat(DataCenter.byAccountsServer("https://accounts.zoho.ae")).contains(ae);
		assertThat(DataCenter.locations()).endsWith(", uk, ae");
		assertThat(TrustedServers.redirectAccountsServer("https://accounts.zoho.ae", "crm", US))
			.contains("https://accounts.zoho.ae");
		assertThat(TrustedServers.requireApiDomain("crm", US, "https://sandbox.zohoapis.ae", "stored for"))
			.isEqualTo("https://sandbox.zohoapis.ae");
	}

	@Test
	void aConfiguredDataCentreReplacesTheDocumentedOneOfItsLocation() {
		// given: Zoho moved the United Kingdom's API domain
		configure(Map.of("zoho.data-centers.uk.accounts-server", "https://accounts.zoho.uk",
				"zoho.data-centers.uk.api-domain", "https://www.zohoapis.co.uk"));

		// then
		assertThat(DataCenter.byLocation("uk").apiDomain()).isEqualTo("https://www.zohoapis.co.uk");
		assertThat(DataCenter.all().stream().filter(dc -> dc.location().equals("uk"))).hasSize(1);
	}

	@Test
	void anUndeclaredDataCentreStillFailsSafeNamingTheSettings() {
		assertThat(TrustedServers.redirectAccountsServer("https://accounts.zoho.ae", "crm", US)).isEmpty();
		assertThatThrownBy(
				() -> TrustedServers.requireAccountsServer("crm", US, "https://accounts.zoho.ae", "stored for"))
			.hasMessageContaining("nothing was sent to it")
			.hasMessageContaining(
					"zoho.data-centers.<location>.accounts-server and " + "zoho.data-centers.<location>.api-domain");
	}

	@Test
	void settingsThatAreNoServerAddressOrNoLocationAreConfigurationErrorsNamingThem() {
		assertThatThrownBy(() -> configure(Map.of("zoho.data-centers.ae.accounts-server", "http://accounts.zoho.ae",
				"zoho.data-centers.ae.api-domain", "https://www.zohoapis.ae")))
			.isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("zoho.data-centers.ae.accounts-server 'http://accounts.zoho.ae' is not an https")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
		assertThatThrownBy(() -> configure(Map.of("zoho.data-centers.ae.accounts-server", "https://accounts.zoho.ae")))
			.hasMessageContaining("zoho.data-centers.ae.api-domain 'null' is not an https");
		assertThatThrownBy(() -> configure(Map.of("zoho.data-centers.a1.accounts-server", "https://accounts.zoho.ae",
				"zoho.data-centers.a1.api-domain", "https://www.zohoapis.ae")))
			.hasMessageContaining("zoho.data-centers.a1: a data centre's location is 2 to 8 letters");
		assertThat(DataCenter.locations()).doesNotContain("ae");
	}

	private static void configure(Map<String, String> properties) {
		DataCenterProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bind("zoho", DataCenterProperties.class)
			.orElseGet(() -> new DataCenterProperties(null));
		DataCenter.configure(bound.toDataCenters());
	}

}
