package io.github.zohousersbatch.db;

import java.nio.file.Path;

import io.github.zohousersbatch.ZohoProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Settings under {@code zoho.embedded-db.*}: the embedded PostgreSQL used when no
 * {@code spring.datasource.url} is configured. Bound before the application context
 * starts, since the data source depends on them.
 *
 * @param dataDir data directory of the embedded PostgreSQL (default {@code postgres} in
 * the state directory)
 * @param port loopback port of the embedded PostgreSQL; fixed, so that reporting tools
 * find it again
 */
@ConfigurationProperties("zoho.embedded-db")
public record EmbeddedDbProperties(Path dataDir, @DefaultValue("54329") int port) {

	/**
	 * The settings as {@code environment} holds them, the data directory resolved in the
	 * state directory.
	 */
	public static EmbeddedDbProperties of(Environment environment) {
		EmbeddedDbProperties bound = Binder.get(environment)
			.bindOrCreate("zoho.embedded-db", EmbeddedDbProperties.class);
		Path dataDir = (bound.dataDir() != null) ? bound.dataDir()
				: ZohoProperties.of(environment).stateDir().resolve("postgres");
		return new EmbeddedDbProperties(dataDir.toAbsolutePath().normalize(), bound.port());
	}

}
