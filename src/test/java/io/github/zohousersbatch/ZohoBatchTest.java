package io.github.zohousersbatch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * An integration test of the whole application against the {@link TestDatabase} and the
 * {@link ZohoWireMock} server, with a connection named {@code test} whose accounts server
 * is WireMock. Contexts are shared between test classes; every test starts from clean
 * tables ({@link Tables#clean}) and a WireMock without stubs or requests
 * ({@link CleanState}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = { "zoho.job.page-size=5", "zoho.http.retry.initial-backoff=5ms",
		"zoho.http.retry.max-backoff=20ms", "zoho.connections.test.client-id=" + ZohoBatchTest.CLIENT_ID,
		"zoho.connections.test.client-secret=" + ZohoBatchTest.CLIENT_SECRET,
		"zoho.secret-key=" + ZohoBatchTest.SECRET_KEY,
		// a second connection configured for another data centre, whose tokens tests
		// store by hand
		"zoho.connections.eu.data-center=eu", "zoho.connections.eu.client-id=" + ZohoBatchTest.CLIENT_ID,
		"zoho.connections.eu.client-secret=" + ZohoBatchTest.CLIENT_SECRET })
@ContextConfiguration(initializers = ZohoBatchTest.Infrastructure.class)
@ExtendWith(ZohoBatchTest.CleanState.class)
public @interface ZohoBatchTest {

	String CLIENT_ID = "1000.GMB0YULZHJK411248S8I5GZ4CHUEX0";

	String CLIENT_SECRET = "122c324d3496d5d777ceeebc129470715fbb856b7";

	/** A fixed test key (base64 of 32 bytes). */
	String SECRET_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

	/**
	 * The redirect URI of connection {@code test}: a loopback port that was free when
	 * this JVM chose it.
	 */
	String CALLBACK_URI = "http://localhost:" + TestDatabase.freePortOrFail() + "/oauth/callback";

	/**
	 * Before each test (and before its own {@code @BeforeEach}): empty tables, a WireMock
	 * without stubs.
	 */
	class CleanState implements BeforeEachCallback {

		@Override
		public void beforeEach(ExtensionContext context) {
			Tables.clean(SpringExtension.getApplicationContext(context).getBean(JdbcClient.class));
			ZohoWireMock.server().resetAll();
			ZohoWireMock.whenAnswering(() -> {
			});
		}

	}

	/** Points the application at the test database and at WireMock. */
	class Infrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
					"spring.datasource.url=" + TestDatabase.url(), "spring.datasource.username=" + TestDatabase.user(),
					"spring.datasource.password=" + TestDatabase.password(),
					"zoho.connections.test.accounts-url=" + ZohoWireMock.baseUrl(),
					"zoho.connections.test.redirect-uri=" + CALLBACK_URI);
		}

	}

}
