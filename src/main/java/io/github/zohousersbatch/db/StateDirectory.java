package io.github.zohousersbatch.db;

import java.io.IOException;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Creates the state directory ({@code zoho.state-dir}, see
 * {@link ZohoProperties#stateDir()}) with mode 700, or tightens it to 700, before
 * anything is kept in it: the token key file, the embedded PostgreSQL's data directory
 * and its password files. Nothing is created when neither is used there (an external
 * database and a key from the environment, as in a container).
 */
public final class StateDirectory implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		ZohoProperties zoho = ZohoProperties.of(environment);
		if (!keepsFilesIn(environment, zoho)) {
			return;
		}
		try {
			PrivateFiles.directory(zoho.stateDir());
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Cannot create the state directory "
					+ zoho.stateDir() + " (zoho.state-dir, ZOHO_STATEDIR): " + ex.getMessage(), ex);
		}
	}

	/** Whether the embedded database or the key file will live in the directory. */
	private static boolean keepsFilesIn(Environment environment, ZohoProperties zoho) {
		boolean embeddedDatabase = !DataSourceSettings.external(environment)
				&& EmbeddedDbProperties.of(environment).dataDir().startsWith(zoho.stateDir());
		boolean keyFile = zoho.usesKeyFile()
				&& zoho.secretKeyFile().toAbsolutePath().normalize().startsWith(zoho.stateDir());
		return embeddedDatabase || keyFile;
	}

	// after Boot's configuration files, before the embedded database
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 2;
	}

}
