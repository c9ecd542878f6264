package io.github.zohousersbatch.auth;

import java.net.InetAddress;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedirectEndpointTests {

	@Test
	void theDefaultListensOnLoopbackPort8765() {
		RedirectEndpoint endpoint = RedirectEndpoint.of("crm", ZohoProperties.Connection.DEFAULT_REDIRECT_URI);

		assertThat(endpoint.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
		assertThat(endpoint.address().getPort()).isEqualTo(8765);
		assertThat(endpoint.path()).isEqualTo("/oauth/callback");
		assertThat(endpoint.redirectUri()).isEqualTo("http://localhost:8765/oauth/callback");
	}

	@Test
	void loopbackLiteralsWork() {
		assertThat(RedirectEndpoint.of("crm", "http://127.0.0.1:9000/cb").address().getAddress().isLoopbackAddress())
			.isTrue();
		assertThat(RedirectEndpoint.of("crm", "http://[::1]:9000/cb").address().getAddress().isLoopbackAddress())
			.isTrue();
		assertThat(RedirectEndpoint.of("crm", "http://localhost").path()).isEqualTo("/");
		assertThat(RedirectEndpoint.of("crm", "http://localhost").address().getPort()).isEqualTo(80);
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
