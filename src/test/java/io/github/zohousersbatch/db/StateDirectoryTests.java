package io.github.zohousersbatch.db;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.PlantedPaths;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code zoho.state-dir}: where the key file and the embedded data directory go by
 * default, and a directory only its owner may enter.
 */
class StateDirectoryTests {

	@TempDir
	Path directory;

	@Test
	void theEnvironmentVariableMovesTheKeyFileAndTheDataDirectoryIntoAPrivateStateDirectory() throws Exception {
		// given: as systemd sets it
		Path state = this.directory.resolve("var/lib/zoho-users-batch");
		StandardEnvironment environment = environment(Map.of());
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("ZOHO_STATEDIR", state.toString())));

		// when
		prepare(environment);

		// then
		assertThat(ZohoProperties.of(environment).secretKeyFile()).isEqualTo(state.resolve("secret.key"));
		assertThat(EmbeddedDbProperties.of(environment).dataDir()).isEqualTo(state.resolve("postgres"));
		assertThat(mode(state)).isEqualTo("rwx------");
	}

	@Test
	void anExistingStateDirectoryReadableByOthersIsTightened() throws Exception {
		// given
		Path state = Files.createDirectory(this.directory.resolve("state"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

		// when
		prepare(environment(Map.of("zoho.state-dir", state.toString())));

		// then
		assertThat(mode(state)).isEqualTo("rwx------");
	}

	@Test
	void aStateDirectoryOfAnotherAccountIsRefused() throws Exception {
		// given: ZOHO_STATEDIR=/tmp/..., created first by another account
		Path theirs = PlantedPaths.anotherAccountsDirectory(this.directory);

		// when / then
		assertRefused(theirs, () -> prepare(environment(Map.of("zoho.state-dir", theirs.toString()))));
		assertThat(mode(theirs)).isNotEqualTo("rwx------");
	}

	@Test
	void aStateDirectoryItsGroupMayWriteIsRefused() throws Exception {
		// given
		Path state = Files.createDirectory(this.directory.resolve("state"));
		Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwx---"));

		// when / then
		assertRefused(state, () -> prepare(environment(Map.of("zoho.state-dir", state.toString()))));
		assertThat(mode(state)).isEqualTo("rwxrwx---");
	}

	@Test
	void aStateDirectoryThatIsASymbolicLinkIsNotFollowed() throws Exception {
		// given: a link to a private directory (of ours, even)
		Path target = Files.createDirectory(this.directory.resolve("target"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path link = Files.createSymbolicLink(this.directory.resolve("state"), target);

		// when / then
		assertRefused(link, () -> prepare(environment(Map.of("zoho.state-dir", link.toString()))));
		assertThat(target).isEmptyDirectory();
	}

	private static void assertRefused(Path path, ThrowingCallable preparation) {
		assertThatThrownBy(preparation).isInstanceOfSatisfying(ZohoBatchException.class, ex -> {
			assertThat(ex.reason()).isEqualTo(FailureReason.CONFIGURATION);
			assertThat(ex.getMessage()).startsWith(PlantedPaths.refusal(path)).contains("ZOHO_STATEDIR");
		});
	}

	@Test
	void configuredPathsWinAndNothingIsCreatedThatWillNotBeUsed() {
		// given: an external database and the key from the environment (Kubernetes), home
		// not writable
		Path state = this.directory.resolve("state");
		StandardEnvironment environment = environment(Map.of("zoho.state-dir", state.toString(),
				"spring.datasource.url", "jdbc:postgresql://db.example.internal/zoho", "zoho.secret-key", "a-key",
				"zoho.secret-key-file", "/etc/zoho/key"));

		// when
		prepare(environment);

		// then
		assertThat(ZohoProperties.of(environment).secretKeyFile()).isEqualTo(Path.of("/etc/zoho/key"));
		assertThat(state).doesNotExist();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		// as Spring Boot does before the listeners run: relaxed names (ZOHO_STATEDIR is
		// zoho.state-dir)
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static void prepare(StandardEnvironment environment) {
		new StateDirectory().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
				new SpringApplication(), new String[0], environment));
	}

	private static String mode(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
