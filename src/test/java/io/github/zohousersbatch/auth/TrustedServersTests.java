package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedServersTests {

	static final ZohoProperties.Connection US = connection("us", null);

	static final ZohoProperties.Connection EU = connection("eu", null);

	static final ZohoProperties.Connection SANDBOX = connection("us", "http://127.0.0.1:41234/");

	// the United Arab Emirates: www.zohoapis.ae documented by WorkDrive, no accounts
	// server documented, so not in the table
	static final ZohoProperties.Connection AE = connection("us", "https://accounts.zoho.ae");

	@Test
	void everyKnownDataCentreIsTrustedInItsOwnSpelling() {
		for (DataCenter dc : DataCenter.all()) {
			assertThat(TrustedServers.redirectAccountsServer(dc.accountsServer(), "crm", US))
				.contains(dc.accountsServer());
			assertThat(TrustedServers.requireAccountsServer("crm", US, dc.accountsServer(), "stored for"))
				.isEqualTo(dc.accountsServer());
			for (String api : new String[] { dc.apiDomain(), dc.sandboxApiDomain(), dc.developerApiDomain() }) {
				assertThat(TrustedServers.requireApiDomain("crm", US, api, "stored for")).isEqualTo(api);
			}
		}
		assertThat(TrustedServers.redirectAccountsServer("https://ACCOUNTS.ZOHO.EU/", "crm", US))
			.contains("https://accounts.zoho.eu");
		assertThat(TrustedServers.requireApiDomain("crm", US, "https://WWW.zohoapis.eu:443/", "stored for"))
			.isEqualTo("https://www.zohoapis.eu");
	}

	@Test
	void multiDcAnotherDataCentresServersAreTrustedToo() {
		assertThat(TrustedServers.requireAccountsServer("crm", EU, "https://accounts.zoho.com", "stored for"))
			.isEqualTo("https://accounts.zoho.com");
		assertThat(TrustedServers.requireApiDomain("crm", EU, "https://www.zohoapis.in", "stored for"))
			.isEqualTo("https://www.zohoapis.in");
	}

	@Test
	void theOriginOfTheConfiguredAccountsUrlIsTrustedForBoth() {
		assertThat(TrustedServers.redirectAccountsServer("http://127.0.0.1:41234", "crm", SANDBOX))
			.contains("http://127.0.0.1:41234");
		assertThat(TrustedServers.redirectAccountsServer("http://127.0.0.1:41234/", "crm", SANDBOX))
			.contains("http://127.0.0.1:41234");
		assertThat(TrustedServers.requireAccountsServer("crm", SANDBOX, "http://127.0.0.1:41234", "stored for"))
			.isEqualTo("http://127.0.0.1:41234");
		assertThat(TrustedServers.requireApiDomain("crm", SANDBOX, "http://127.0.0.1:41234", "stored for"))
			.isEqualTo("http://127.0.0.1:41234");
	}

	@Test
	void aDataCentreMissingFromTheTableServesItsZohoapisDomain() {
		assertThat(TrustedServers.requireApiDomain("crm", AE, "https://www.zohoapis.ae", "stored for"))
			.isEqualTo("https://www.zohoapis.ae");
		assertThat(TrustedServers.requireApiDomain("crm", AE, "https://sandbox.zohoapis.ae", "stored for"))
			.isEqualTo("https://sandbox.zohoapis.ae");
		for (String other : new String[] { "https://www.zohoapis.ae.evil.example", "http://www.zohoapis.ae",
				"https://www.zohoapis.ae:8443", "https://evil.zohoapis.ae" }) {
			assertThatThrownBy(() -> TrustedServers.requireApiDomain("crm", AE, other, "stored for")).as(other)
				.isInstanceOf(ZohoBatchException.class);
		}
	}

	@Test
	void aRedirectWithoutAccountsServerUsesTheConfiguredOne() {
		assertThat(TrustedServers.redirectAccountsServer(null, "crm", US)).contains("https://accounts.zoho.com");
		assertThat(TrustedServers.redirectAccountsServer("", "crm", SANDBOX)).contains("http://127.0.0.1:41234");
	}

	@Test
	void lookalikesAndOtherServersAreRefused() {
		for (String forged : new String[] { "https://accounts.zoho.eu.evil.example", "https://evil.example",
				"http://accounts.zoho.eu", "https://accounts.zoho.eu:8443", "https://evil.example@accounts.zoho.eu",
				"https://accounts.zoho.eu@evil.example", "https://accounts.zoho.ae", "http://127.0.0.1:41235",
				"http://localhost:41234", "http://127.0.0.1:41234/elsewhere", "http://user@127.0.0.1:41234",
				"http://127.0.0.1:41234?x", "http://127.0.0.1:41234#x", "javascript:alert(1)", "not a url" }) {
			assertThat(TrustedServers.redirectAccountsServer(forged, "crm", SANDBOX)).as(forged).isEmpty();
			assertThatThrownBy(() -> TrustedServers.requireAccountsServer("crm", SANDBOX, forged, "stored for"))
				.as(forged)
				.isInstanceOf(ZohoBatchException.class);
			assertThatThrownBy(() -> TrustedServers.requireApiDomain("crm", SANDBOX, forged, "stored for")).as(forged)
				.isInstanceOf(ZohoBatchException.class);
		}
	}

	@Test
	void anotherConnectionsServerIsNotTrustedJustBecauseItIsConfiguredThere() {
		assertThat(TrustedServers.redirectAccountsServer("http://127.0.0.1:41234", "crm", US)).isEmpty();
		assertThatThrownBy(() -> TrustedServers.requireApiDomain("crm", null, "http://127.0.0.1:41234", "stored for"))
			.isInstanceOf(ZohoBatchException.class);
	}

	@Test
	void theRefusalNamesTheServerAndWhatToDo() {
		assertThatThrownBy(() -> TrustedServers.requireAccountsServer("crm", US, "http://127.0.0.1:5555", "stored for"))
			.isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("The accounts server 'http://127.0.0.1:5555' stored for connection 'crm' is neither")
			.hasMessageContaining("nothing was sent to it")
			.hasMessageContaining("deauthorize --connection crm --local-only")
			.hasMessageContaining("set zoho.connections.crm.accounts-url")
			.hasMessageContaining("zoho.data-centers.<location>.accounts-server")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
		assertThatThrownBy(() -> TrustedServers.requireApiDomain("crm", US, "https://evil.example/<b>", "stored for"))
			.hasMessageContaining("The API domain 'https://evil.example/?b?' stored for connection 'crm'");
	}

	@Test
	void plainHttpIsRefusedOffLoopback() {
		for (String insecure : new String[] { "http://accounts.example.com", "http://10.0.0.5:8080",
				"http://127.0.0.2:8080" }) {
			ZohoProperties.Connection client = connection("us", insecure);
			assertThatThrownBy(() -> TrustedServers.configuredAccountsServer("crm", client)).as(insecure)
				.isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining("zoho.connections.crm.accounts-url '" + insecure + "' uses plain http")
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.CONFIGURATION);
			assertThatThrownBy(() -> TrustedServers.requireAccountsServer("crm", client, insecure, "stored for"))
				.as(insecure)
				.hasMessageContaining("uses plain http");
		}
		for (String loopback : new String[] { "http://127.0.0.1:8080", "http://[::1]:8080", "http://localhost:8080",
				"https://proxy.example.com:8443" }) {
			assertThat(TrustedServers.configuredAccountsServer("crm", connection("us", loopback))).isEqualTo(loopback);
		}
	}

	private static ZohoProperties.Connection connection(String dataCenter, String accountsUrl) {
		return new ZohoProperties.Connection(dataCenter, "1000.ID", "secret", accountsUrl,
				ZohoProperties.Connection.DEFAULT_REDIRECT_URI, ZohoProperties.Connection.DEFAULT_SCOPE);
	}

}
