package io.github.zohousersbatch.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;

/**
 * Settings under {@code zoho.retention.*}: how long what the job records is kept, each
 * applied after every completed run when set (off by default).
 *
 * @param history runs older than this are purged ({@link HistoryRetention}): Spring
 * Batch's metadata and our rows of them, as {@code purge --older-than} does
 * @param departedPersonalData the email and names of users who left (deactivated or
 * removed) longer ago than this are erased
 */
@ConfigurationProperties("zoho.retention")
public record RetentionProperties(Duration history, Duration departedPersonalData) {

	public RetentionProperties {
		positive("zoho.retention.history", history);
		positive("zoho.retention.departed-personal-data", departedPersonalData);
	}

	/**
	 * A horizon as {@code --older-than} and these properties take it: {@code 180d},
	 * {@code 12h}, {@code 30m} or ISO-8601 ({@code P180D}), positive.
	 */
	public static Duration parse(String name, String text) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					name + " must be a duration such as 180d, 12h or P180D, not '" + text + "'");
		}
		positive(name, duration);
		return duration;
	}

	/** A horizon as people write it: {@code 180d} when it is whole days. */
	public static String text(Duration duration) {
		return (duration.toSeconds() % 86_400 == 0) ? duration.toDays() + "d" : DurationStyle.SIMPLE.print(duration);
	}

	private static void positive(String name, Duration duration) {
		if (duration != null && (duration.isZero() || duration.isNegative())) {
			throw new IllegalArgumentException(name + " must be a positive duration such as 180d, not " + duration);
		}
	}

}
