package io.github.zohousersbatch.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsServersTests {

	static final ZohoProperties.Connection US = connection("us", null);

	static final ZohoProperties.Connection SANDBOX = connection("us", "http://127.0.0.1:41234/");

	@Test
	void everyKnownDataCentreIsTrustedInItsOwnSpelling() {
		for (DataCenter dc : DataCenter.all()) {
			assertThat(AccountsServers.trusted(dc.accountsServer(), US)).contains(dc.accountsServer());
		}
		assertThat(AccountsServers.trusted("https://ACCOUNTS.ZOHO.EU/", US)).contains("https://accounts.zoho.eu");
		assertThat(AccountsServers.trusted("https://accounts.zohocloud.ca", US)).contains("https://accounts.zohocloud.ca");
	}

	@Test
	void theConfiguredAccountsUrlIsTrusted() {
		assertThat(AccountsServers.trusted("http://127.0.0.1:41234", SANDBOX)).contains("http://127.0.0.1:41234");
		assertThat(AccountsServers.trusted("http://127.0.0.1:41234/", SANDBOX)).contains("http://127.0.0.1:41234");
	}

	@Test
	void aRedirectWithoutAccountsServerUsesTheConfiguredOne() {
		assertThat(AccountsServers.trusted(null, US)).contains("https://accounts.zoho.com");
		assertThat(AccountsServers.trusted("", SANDBOX)).contains("http://127.0.0.1:41234");
	}

	@Test
	void lookalikesAndOtherServersAreRefused() {
		for (String forged : new String[] { "https://accounts.zoho.eu.evil.example", "https://evil.example",
				"http://accounts.zoho.eu", "https://accounts.zoho.eu:8443", "https://evil.example@accounts.zoho.eu",
				"https://accounts.zoho.uk", "http://127.0.0.1:41235", "http://localhost:41234",
				"http://127.0.0.1:41234/elsewhere", "http://user@127.0.0.1:41234", "javascript:alert(1)",
				"not a url" }) {
			assertThat(AccountsServers.trusted(forged, SANDBOX)).as(forged).isEmpty();
		}
	}

	@Test
	void anotherConnectionsServerIsNotTrustedJustBecauseItIsConfiguredThere() {
		assertThat(AccountsServers.trusted("http://127.0.0.1:41234", US)).isEmpty();
	}

	private static ZohoProperties.Connection connection(String dataCenter, String accountsUrl) {
		return new ZohoProperties.Connection(dataCenter, "1000.ID", "secret", accountsUrl,
				ZohoProperties.Connection.DEFAULT_REDIRECT_URI, ZohoProperties.Connection.DEFAULT_SCOPE);
	}

}
