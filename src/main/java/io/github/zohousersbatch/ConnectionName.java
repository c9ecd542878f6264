package io.github.zohousersbatch;

import java.util.regex.Pattern;

/**
 * What a connection name may be: 1 to 64 letters, digits, {@code _} or {@code -}. A name
 * becomes part of file paths ({@code {connection}} in {@code zoho.metrics.textfile}),
 * property names, metric labels and log lines, so a name from the command line, the
 * properties or a {@code zoho_connection} row (which anyone who can write the database
 * can add) must not carry a path separator, a dot or a control character.
 */
public final class ConnectionName {

	/** The rule, as messages state it. */
	public static final String RULE = "1 to 64 letters (A-Z, a-z), digits, '_' or '-'";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final int SHOWN = 80;

	private ConnectionName() {
	}

	/** Whether the name follows the rule. */
	public static boolean isValid(String name) {
		return name != null && VALID.matcher(name).matches();
	}

	/**
	 * The name, or a configuration error naming where it came from.
	 * @param namedBy the option, property or table that gave the name, for the message
	 */
	public static String checked(String name, String namedBy) {
		if (!isValid(name)) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Invalid connection name " + shown(name) + " (from " + namedBy + "): a connection name is " + RULE);
		}
		return name;
	}

	/** The name quoted for a message, whatever it holds: cleaned and cut. */
	public static String shown(String name) {
		if (name == null) {
			return "(none)";
		}
		String text = PlainText.of(name);
		return "'" + ((text.length() > SHOWN) ? text.substring(0, SHOWN) + "..." : text) + "'";
	}

}
