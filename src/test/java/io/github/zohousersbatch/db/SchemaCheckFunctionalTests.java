package io.github.zohousersbatch.db;

import java.util.Map;

import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up shortcut: Liquibase is skipped only when the database records the
 * fingerprint of exactly the changelogs this build carries.
 */
@ZohoBatchTest
class SchemaCheckFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Test
	void aMigrationRecordsTheFingerprintOfTheChangelogs() {
		assertThat(
				this.fixture.jdbc().sql("select fingerprint from zoho_schema_fingerprint").query(String.class).single())
			.isEqualTo(SchemaFingerprint.ofChangelogs())
			.hasSize(64);
	}

	@Test
	void liquibaseIsSkippedOnlyForTheSameFingerprint() {
		assertThat(liquibaseEnabledAfterCheck(Map.of())).isEqualTo("false");
		assertThat(liquibaseEnabledAfterCheck(Map.of("zoho.schema.always-migrate", "true"))).isNull();

		String recorded = this.fixture.jdbc()
			.sql("select fingerprint from zoho_schema_fingerprint")
			.query(String.class)
			.single();
		try {
			this.fixture.jdbc().sql("update zoho_schema_fingerprint set fingerprint = 'changed'").update();
			assertThat(liquibaseEnabledAfterCheck(Map.of())).isNull();
		}
		finally {
			this.fixture.jdbc().sql("update zoho_schema_fingerprint set fingerprint = ?").param(recorded).update();
		}
	}

	@Test
	void noDatabaseMeansLiquibaseRuns() throws Exception {
		assertThat(liquibaseEnabledAfterCheck(
				Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + TestDatabase.freePort() + "/none")))
			.isNull();
	}

	private static String liquibaseEnabledAfterCheck(Map<String, Object> overrides) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("spring.datasource.url", TestDatabase.url(), "spring.datasource.username",
							TestDatabase.user(), "spring.datasource.password", TestDatabase.password())));
		environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
		new SchemaCheckListener().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
				new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
		return environment.getProperty("spring.liquibase.enabled");
	}

}
