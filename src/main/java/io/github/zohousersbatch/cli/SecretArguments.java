package io.github.zohousersbatch.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secret properties given as arguments ({@code --zoho.secret-key=...}): every local
 * account can read a process's arguments ({@code /proc/PID/cmdline}, {@code ps}), so the
 * command warns, once, and names the environment variable to use instead. Values are
 * never shown.
 */
final class SecretArguments {

	// property names as Spring binds them: case, dashes and underscores do not matter
	private static final Pattern SECRET = Pattern.compile("zoho\\.(connections|clients)\\.[^.]+\\.clientsecret"
			+ "|zoho\\.secretkey|spring\\.datasource\\.password|spring\\.artemis\\.password"
			+ "|management\\.prometheus\\.metrics\\.export\\.pushgateway\\.(token|password)");

	private SecretArguments() {
	}

	/** The warning for these property arguments, or empty when none holds a secret. */
	static Optional<String> warning(List<String> propertyArgs) {
		List<String> secrets = propertyArgs.stream()
			.map(SecretArguments::name)
			.filter(SecretArguments::isSecret)
			.toList();
		if (secrets.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("Warning: a secret is given on the command line ("
				+ String.join(", ", secrets.stream().map(name -> "--" + name).toList())
				+ "), where every local account can read it (ps, /proc/PID/cmdline); set it in the environment "
				+ "instead (" + String.join(", ", secrets.stream().map(SecretArguments::environmentVariable).toList())
				+ ") or in a properties file only this account can read (--spring.config.additional-location=FILE)");
	}

	static boolean isSecret(String name) {
		return SECRET.matcher(normalized(name)).matches();
	}

	private static String name(String arg) {
		int equals = arg.indexOf('=');
		return (equals < 0) ? arg.substring(2) : arg.substring(2, equals);
	}

	// zoho.connections[crm].client-secret, zoho.connections.crm.clientSecret and
	// zoho.connections.crm.client_secret bind to the same property
	private static String normalized(String name) {
		return name.replace('[', '.').replace("]", "").replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	// Spring's relaxed binding of environment variables
	private static String environmentVariable(String name) {
		return normalized(name).replace('.', '_').toUpperCase(Locale.ROOT);
	}

}
