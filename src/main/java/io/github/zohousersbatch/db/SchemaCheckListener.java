package io.github.zohousersbatch.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Before the application context starts, asks the database whether it already holds the
 * schema of this jar ({@link SchemaFingerprint}); if so, Liquibase is switched off for
 * this start. Any doubt (no table, no connection, another fingerprint,
 * {@code zoho.schema.always-migrate=true}) leaves Liquibase on.
 */
public final class SchemaCheckListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final Logger log = LoggerFactory.getLogger(SchemaCheckListener.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		DataSourceProperties dataSource = DataSourceSettings.of(environment);
		if (dataSource.getUrl() == null || SchemaProperties.of(environment).alwaysMigrate()) {
			return;
		}
		String fingerprint = SchemaFingerprint.ofChangelogs();
		try (Connection connection = DriverManager.getConnection(dataSource.getUrl(), dataSource.getUsername(),
				dataSource.getPassword());
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select fingerprint from zoho_schema_fingerprint")) {
			if (rs.next() && fingerprint.equals(rs.getString(1))) {
				environment.getPropertySources()
					.addFirst(new MapPropertySource("schemaCurrent", Map.of("spring.liquibase.enabled", "false")));
				log.debug("Schema is current (fingerprint {}); Liquibase skipped", fingerprint);
			}
		}
		catch (SQLException ex) {
			log.debug("Schema fingerprint unavailable ({}); Liquibase runs", ex.getMessage());
		}
	}

	// after the embedded database, which may set the data source URL
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
