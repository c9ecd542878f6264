package io.github.zohousersbatch.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Settings under {@code zoho.schema.*}. Bound before the application context starts,
 * since they decide whether Liquibase runs.
 *
 * @param alwaysMigrate run Liquibase at every start; by default it is skipped when
 * {@code zoho_schema_fingerprint} shows the jar's changelogs already applied
 */
@ConfigurationProperties("zoho.schema")
public record SchemaProperties(@DefaultValue("false") boolean alwaysMigrate) {

	/** The settings as {@code environment} holds them. */
	public static SchemaProperties of(Environment environment) {
		return Binder.get(environment).bindOrCreate("zoho.schema", SchemaProperties.class);
	}

}
