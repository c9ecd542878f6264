package io.github.zohousersbatch.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * {@code zoho.state-dir} (environment variable {@code ZOHO_STATEDIR}; default {@code ~/.zoho-users-batch}): the
 * one directory the files this program keeps by default derive from: the token key file, the embedded
 * PostgreSQL's data directory and its password files (and the launcher's cache, see {@code jobs/zoho-users-batch}).
 * A service whose home directory is not writable, such as one run by systemd with {@code DynamicUser=yes} (home
 * {@code /}), points it at its state directory. Created with mode 700 once something is kept in it.
 */
public final class StateDirectory implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	public static final String PROPERTY = "zoho.state-dir";

	/** The default, in the home directory of the account. */
	public static final Path DEFAULT = Path.of(System.getProperty("user.home"), ".zoho-users-batch");

	/** The state directory this environment configures. */
	public static Path of(Environment environment) {
		String configured = environment.getProperty(PROPERTY);
		return (StringUtils.hasText(configured) ? Path.of(configured) : DEFAULT).toAbsolutePath().normalize();
	}

	/**
	 * Makes the key file and the data directory default to paths in the state directory (any configured value
	 * wins), and creates the directory privately when one of them is going to be used.
	 */
	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		Path directory = of(environment);
		environment.getPropertySources()
			.addLast(new MapPropertySource("stateDirectory", Map.of("zoho.secret-key-file",
					directory.resolve("secret.key").toString(), "zoho.embedded-db.data-dir",
					directory.resolve("postgres").toString())));
		if (!keepsFilesIn(environment, directory)) {
			return;
		}
		try {
			PrivateFiles.directory(directory);
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Cannot create the state directory " + directory
					+ " (zoho.state-dir, ZOHO_STATEDIR): " + ex.getMessage(), ex);
		}
	}

	/** Whether the embedded database or the key file will live in the directory. */
	private static boolean keepsFilesIn(Environment environment, Path directory) {
		boolean embeddedDatabase = !environment.containsProperty("spring.datasource.url")
				&& inside(environment.getProperty("zoho.embedded-db.data-dir"), directory);
		boolean keyFile = !StringUtils.hasText(environment.getProperty("zoho.secret-key"))
				&& inside(environment.getProperty("zoho.secret-key-file"), directory);
		return embeddedDatabase || keyFile;
	}

	private static boolean inside(String path, Path directory) {
		return Path.of(path).toAbsolutePath().normalize().startsWith(directory);
	}

	// after Boot's configuration files, before the embedded database
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 2;
	}

}
