package io.github.zohousersbatch.db;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no {@code spring.datasource.url} is configured, starts (or joins) the
 * {@link EmbeddedDatabase} before the application context is built and points the data
 * source at it, as its superuser with the password from the password file. Settings:
 * {@code zoho.embedded-db.data-dir} (default {@code postgres} in the
 * {@link StateDirectory}) and {@code zoho.embedded-db.port} (default 54329).
 */
public final class EmbeddedDatabaseListener
		implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseListener.class);

	private EmbeddedDatabase database;

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		if (DataSourceSettings.external(environment) || this.database != null) {
			return;
		}
		EmbeddedDbProperties settings = EmbeddedDbProperties.of(environment);
		this.database = EmbeddedDatabase.startOrJoin(settings.dataDir(), settings.port());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedDatabase",
					Map.of("spring.datasource.url", this.database.superuserUrl(), "spring.datasource.username",
							this.database.username(), "spring.datasource.password", this.database.password())));
		log.info("Embedded PostgreSQL at {} (data in {}), joined through {}", this.database.jdbcUrl(),
				this.database.dataDirectory(), this.database.superuserUrl());
	}

	// after Boot's own listeners (configuration files, logging), before the schema check
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

	/** The embedded server in use, or null when an external database is configured. */
	public EmbeddedDatabase database() {
		return this.database;
	}

	@Override
	public void close() {
		if (this.database != null) {
			this.database.close();
			this.database = null;
		}
	}

}
