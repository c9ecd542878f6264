package io.github.zohousersbatch.db;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.Environment;

/**
 * {@code spring.datasource.*} bound as Boot binds it for its data source, for the
 * listeners that run before the application context: whether an external database is
 * configured, and how to reach it.
 */
final class DataSourceSettings {

	private DataSourceSettings() {
	}

	static DataSourceProperties of(Environment environment) {
		return Binder.get(environment).bindOrCreate("spring.datasource", DataSourceProperties.class);
	}

	/** Whether {@code spring.datasource.url} is set (else the embedded database). */
	static boolean external(Environment environment) {
		return of(environment).getUrl() != null;
	}

}
