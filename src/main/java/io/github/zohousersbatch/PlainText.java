package io.github.zohousersbatch;

/**
 * Text from outside this program (a Zoho field or error, a database row, a URL) made safe
 * to store, log and print: control characters (NUL, line breaks, the escape that starts a
 * terminal sequence, C1 controls) and unpaired surrogates are removed, so that such text
 * can neither forge a log line nor drive a terminal. The user fields stored in the
 * database and Zoho's error texts are cleaned by this one rule.
 */
public final class PlainText {

	private PlainText() {
	}

	/** The value without control characters and unpaired surrogates; null stays null. */
	public static String of(String value) {
		if (value == null || !needsCleaning(value)) {
			return value;
		}
		StringBuilder kept = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				kept.append(c).append(value.charAt(++i));
			}
			else if (!isControl(c) && !Character.isSurrogate(c)) {
				kept.append(c);
			}
		}
		return kept.toString();
	}

	/** Whether {@link #of(String)} would change the value. */
	public static boolean needsCleaning(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (isControl(c) || Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < value.length()
						&& Character.isLowSurrogate(value.charAt(i + 1))) {
					i++;
					continue;
				}
				return true;
			}
		}
		return false;
	}

	private static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f);
	}

}
