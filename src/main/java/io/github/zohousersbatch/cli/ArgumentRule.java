package io.github.zohousersbatch.cli;

import io.github.zohousersbatch.PlainText;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.zohousersbatch.auth.DataCenter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.springframework.boot.convert.DurationStyle;

/**
 * What a value of the command line must look like, by the label its option shows in the
 * help ({@code --limit=N}, {@code --output=FILE}, {@code EXECUTION_ID}): an option of any
 * command labelled so is checked the same way before the command starts, and a bad value
 * is named in one sentence.
 */
enum ArgumentRule {

	COUNT("a whole number of 1 or more", ArgumentRule::positiveWholeNumber, "N"),

	ID("an id, a whole number of 1 or more", ArgumentRule::positiveWholeNumber, "EXECUTION_ID", "RUN"),

	PERCENT("a number from 0 to 100", value -> {
		double percent = Double.parseDouble(value);
		return percent >= 0 && percent <= 100;
	}, "PERCENT"),

	OUTPUT_FILE("a file in an existing directory that this account may write to", ArgumentRule::writableFile, "FILE",
			"PATH"),

	NAME("a name of letters, digits, '-' and '_' (at most 64)",
			value -> Pattern.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}", value), "NAME", "CLIENT"),

	// the location's letters only: more data centres may be configured
	// (zoho.data-centers.<location>.*), which the command checks once Spring has read
	// them
	DATA_CENTER(
			"a data centre's location code of 2 to 8 letters, such as "
					+ DataCenter.all().stream().map(DataCenter::location).collect(Collectors.joining(", ")),
			value -> Pattern.matches("[A-Za-z]{2,8}", value.trim()), "DC"),

	GRANT_CODE("the grant code Zoho's API console showed, without spaces", value -> Pattern.matches("\\S+", value),
			"GRANT_CODE"),

	DURATION("a duration of more than zero such as 30d, 12h, 90s or PT1H", value -> {
		Duration duration = DurationStyle.detectAndParse(value);
		return !duration.isNegative() && !duration.isZero();
	}, "DURATION");

	private final String expected;

	private final Predicate<String> accepts;

	private final List<String> labels;

	ArgumentRule(String expected, Predicate<String> accepts, String... labels) {
		this.expected = expected;
		this.accepts = accepts;
		this.labels = Arrays.asList(labels);
	}

	/** The rule of an option or parameter, by its label. */
	static Optional<ArgumentRule> of(ArgSpec arg) {
		return Arrays.stream(values()).filter(rule -> rule.labels.contains(arg.paramLabel())).findFirst();
	}

	boolean accepts(String value) {
		try {
			return this.accepts.test(value);
		}
		catch (RuntimeException ex) {
			// not a number, not a path, not a duration
			return false;
		}
	}

	/** One sentence: the value, the option and what it expects. */
	String sentence(ArgSpec arg, String value) {
		return sentence(name(arg), value, this.expected);
	}

	/**
	 * The sentence for a value without a rule that picocli could not convert: one of an
	 * enum's names, as the help shows them, else picocli's own message.
	 */
	static String sentence(ArgSpec arg, String value, String picocliMessage) {
		if (!arg.type().isEnum()) {
			return picocliMessage;
		}
		String names = Arrays.stream(arg.type().getEnumConstants())
			.map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(", "));
		return sentence(name(arg), value, "one of " + names);
	}

	private static String sentence(String name, String value, String expected) {
		// cleaned as Zoho's text is: a value can carry escape sequences too
		return "Invalid value '" + PlainText.of(value) + "' for " + name + ": expected " + expected + ".";
	}

	private static String name(ArgSpec arg) {
		return (arg instanceof OptionSpec option) ? "option " + option.longestName() : arg.paramLabel();
	}

	private static boolean positiveWholeNumber(String value) {
		return Long.parseLong(value.trim()) >= 1;
	}

	// where a command writes a file, as it writes it: beside it, then moved over it, or
	// in place
	private static boolean writableFile(String value) {
		try {
			Path file = Path.of(value).toAbsolutePath();
			Path directory = file.getParent();
			if (directory == null || !Files.isDirectory(directory) || Files.isDirectory(file)) {
				return false;
			}
			return Files.isWritable(directory) || (Files.exists(file) && Files.isWritable(file));
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

}
