package io.github.zohousersbatch.db;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The schema is migrated at every start, before anything uses the database, even with
 * lazy initialization; after a migration the fingerprint of the applied changelogs is
 * recorded (see {@link SchemaCheckListener}).
 */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

	@Bean
	static LazyInitializationExcludeFilter eagerSchemaMigration() {
		return LazyInitializationExcludeFilter.forBeanTypes(SpringLiquibase.class, SchemaFingerprintRecorder.class);
	}

	@Bean
	SchemaFingerprintRecorder schemaFingerprintRecorder(ObjectProvider<SpringLiquibase> liquibase, JdbcClient jdbc) {
		return new SchemaFingerprintRecorder(liquibase, jdbc);
	}

	/** Records the fingerprint once Liquibase has run in this start. */
	static final class SchemaFingerprintRecorder implements SmartInitializingSingleton {

		private final ObjectProvider<SpringLiquibase> liquibase;

		private final JdbcClient jdbc;

		SchemaFingerprintRecorder(ObjectProvider<SpringLiquibase> liquibase, JdbcClient jdbc) {
			this.liquibase = liquibase;
			this.jdbc = jdbc;
		}

		@Override
		public void afterSingletonsInstantiated() {
			if (this.liquibase.getIfAvailable() == null) {
				return;
			}
			this.jdbc
				.sql("""
						insert into zoho_schema_fingerprint (id, fingerprint, migrated_at) values (1, ?, now())
						on conflict (id) do update set fingerprint = excluded.fingerprint, migrated_at = excluded.migrated_at
						""")
				.param(SchemaFingerprint.ofChangelogs())
				.update();
		}

	}

}
