package io.github.zohousersbatch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.zohousersbatch.auth.TokenStore;
import io.github.zohousersbatch.job.JobRuns;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
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
 * <p>
 * What every such test needs comes with it, so that a test class declares only what it
 * really uses: the {@link ZohoFixture} bean (Zoho, tokens, the table, runs of the job), a
 * {@link JobOperatorTestUtils} bean for running one step of the job on its own, and the
 * output captured for any test method that takes a
 * {@link org.springframework.boot.test.system.CapturedOutput}. Not
 * {@code @SpringBatchTest}: its listeners would open a step and a job scope around every
 * test, and call any method of a test class that returns a {@code JobExecution} (a helper
 * that runs the job) to make one; step-scoped beans are tested with
 * {@link org.springframework.batch.test.StepScopeTestUtils} instead.
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
@Import(ZohoBatchTest.TestBeans.class)
@ExtendWith({ ZohoBatchTest.CleanState.class, OutputCaptureExtension.class })
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

	/** The beans every test may use besides the application's. */
	@TestConfiguration(proxyBeanMethods = false)
	class TestBeans {

		@Bean
		ZohoFixture zohoFixture(TokenStore tokenStore, JdbcClient jdbc, JobRuns jobRuns) {
			return new ZohoFixture(tokenStore, jdbc, jobRuns);
		}

		/**
		 * Runs one step of {@value ZohoJob#NAME} in a job of its own
		 * ({@value JobOperatorTestUtils#JOB_NAME}) with the job parameters and job
		 * context a test gives.
		 */
		@Bean
		JobOperatorTestUtils jobOperatorTestUtils(JobOperator jobOperator, JobRepository jobRepository,
				Job zohoActiveUsersJob) {
			JobOperatorTestUtils steps = new JobOperatorTestUtils(jobOperator, jobRepository);
			steps.setJob(zohoActiveUsersJob);
			return steps;
		}

	}

}
