package io.github.zohousersbatch.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedirectEndpointTests {

	@Test
	void theDefaultListensOnBothLoopbackAddressesOfLocalhostOnPort8765() throws Exception {
		RedirectEndpoint endpoint = RedirectEndpoint.of("crm", ZohoProperties.Connection.DEFAULT_REDIRECT_URI);

		List<InetAddress> expected = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
		if (NetworkInterface.getByInetAddress(InetAddress.getByName("::1")) != null) {
			expected.add(InetAddress.getByName("::1"));
		}
		assertThat(endpoint.addresses()).extracting(InetSocketAddress::getAddress).containsExactlyElementsOf(expected);
		assertThat(endpoint.addresses()).extracting(InetSocketAddress::getPort).containsOnly(8765);
		assertThat(endpoint.path()).isEqualTo("/oauth/callback");
		assertThat(endpoint.redirectUri()).isEqualTo("http://localhost:8765/oauth/callback");
	}

	@Test
	void loopbackLiteralsListenOnThatAddressOnly() throws Exception {
		assertThat(RedirectEndpoint.of("crm", "http://127.0.0.1:9000/cb").addresses())
			.containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9000));
		assertThat(RedirectEndpoint.of("crm", "http://[::1]:9000/cb").addresses())
			.containsExactly(new InetSocketAddress(InetAddress.getByName("::1"), 9000));
		assertThat(RedirectEndpoint.of("crm", "http://localhost").path()).isEqualTo("/");
		assertThat(RedirectEndpoint.of("crm", "http://localhost").addresses()).extracting(InetSocketAddress::getPort)
			.containsOnly(80);
	}

	@Test
	void otherHostsAndSchemesAreConfigurationErrors() {
		for (String uri : new String[] { "https://localhost:8765/oauth/callback", "http://example.com/cb",
				"http://10.0.0.1:8765/cb", "http://0.0.0.0:8765/cb", "http://user@localhost:8765/cb", "localhost:8765",
				"http://local host/" }) {
			assertThatThrownBy(() -> RedirectEndpoint.of("crm", uri)).as(uri)
				.isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining("zoho.connections.crm.redirect-uri")
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.CONFIGURATION);
		}
	}

}
