package io.github.zohousersbatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoUsersBatchApplication;
import io.github.zohousersbatch.db.EmbeddedDatabase;
import io.github.zohousersbatch.db.EmbeddedDatabaseListener;
import io.github.zohousersbatch.db.SchemaCheckListener;
import io.github.zohousersbatch.db.StateDirectory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring application behind one command: started with the command line's Spring
 * properties, closed with the command, taking the embedded database down with it when it
 * is the last user.
 */
final class SpringSession implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final EmbeddedDatabaseListener embeddedDatabase;

	private SpringSession(ConfigurableApplicationContext context, EmbeddedDatabaseListener embeddedDatabase) {
		this.context = context;
		this.embeddedDatabase = embeddedDatabase;
	}

	/**
	 * Starts the application.
	 * @param propertyArgs {@code --name=value} arguments from the command line
	 * @param debug whether to log at DEBUG level with stack traces
	 * @param extraProperties properties the command itself sets (they win over
	 * configuration files)
	 */
	static SpringSession start(List<String> propertyArgs, boolean debug, Map<String, String> extraProperties) {
		List<String> args = new ArrayList<>(propertyArgs);
		extraProperties.forEach((name, value) -> args.add("--" + name + "=" + value));
		if (debug) {
			args.add("--logging.level.io.github.zohousersbatch=DEBUG");
			args.add("--logging.exception-conversion-word=%wEx");
		}
		EmbeddedDatabaseListener embeddedDatabase = new EmbeddedDatabaseListener();
		SpringApplication application = new SpringApplication(ZohoUsersBatchApplication.class);
		application.addListeners(new StateDirectory(), embeddedDatabase, new SchemaCheckListener());
		try {
			return new SpringSession(application.run(args.toArray(String[]::new)), embeddedDatabase);
		}
		catch (RuntimeException ex) {
			embeddedDatabase.close();
			throw ex;
		}
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** The embedded database in use, or null with an external one. */
	EmbeddedDatabase embeddedDatabase() {
		return this.embeddedDatabase.database();
	}

	@Override
	public void close() {
		try {
			this.context.close();
		}
		finally {
			this.embeddedDatabase.close();
		}
	}

}
