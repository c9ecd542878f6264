package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataCenterTests {

	@Test
	void everyDocumentedDataCentreIsKnown() {
		assertThat(DataCenter.all()).extracting(DataCenter::location)
			.containsExactly("us", "eu", "in", "au", "jp", "cn", "ca", "sa", "uk");
	}

	@Test
	void theUnitedKingdomIsZohoAccountsNinthDataCentre() {
		DataCenter uk = DataCenter.byLocation("uk");
		assertThat(uk.accountsServer()).isEqualTo("https://accounts.zoho.uk");
		assertThat(uk.apiDomain()).isEqualTo("https://www.zohoapis.uk");
		assertThat(DataCenter.byAccountsServer("https://accounts.zoho.uk")).contains(uk);
	}

	@Test
	void canadaUsesZohoCloud() {
		DataCenter canada = DataCenter.byLocation("CA");
		assertThat(canada.accountsServer()).isEqualTo("https://accounts.zohocloud.ca");
		assertThat(canada.apiDomain()).isEqualTo("https://www.zohoapis.ca");
		assertThat(canada.sandboxApiDomain()).isEqualTo("https://sandbox.zohoapis.ca");
	}

	@Test
	void australiaAccountsServerIsTheComAuHost() {
		assertThat(DataCenter.byLocation("au").accountsServer()).isEqualTo("https://accounts.zoho.com.au");
	}

	@Test
	void unknownLocationIsAConfigurationErrorListingTheKnownOnes() {
		assertThatThrownBy(() -> DataCenter.byLocation("ae")).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("us, eu, in, au, jp, cn, ca, sa, uk")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
	}

	@Test
	void accountsServerLookupAcceptsOnlyTheExactHost() {
		assertThat(DataCenter.byAccountsServer("https://accounts.zoho.eu")).map(DataCenter::location).contains("eu");
		assertThat(DataCenter.byAccountsServer("https://ACCOUNTS.ZOHO.IN/")).map(DataCenter::location).contains("in");
		assertThat(DataCenter.byAccountsServer("https://accounts.zoho.eu.evil.example")).isEmpty();
		assertThat(DataCenter.byAccountsServer("https://evil.example@accounts.zoho.eu")).isEmpty();
		assertThat(DataCenter.byAccountsServer("https://accounts.zoho.eu:8443")).isEmpty();
		assertThat(DataCenter.byAccountsServer("not a url")).isEmpty();
	}

	@Test
	void apiDomainLookupKnowsSandboxAndDeveloperHosts() {
		assertThat(DataCenter.byApiDomain("https://sandbox.zohoapis.com.au")).map(DataCenter::location).contains("au");
		assertThat(DataCenter.byApiDomain("https://developer.zohoapis.sa")).map(DataCenter::location).contains("sa");
	}

}
