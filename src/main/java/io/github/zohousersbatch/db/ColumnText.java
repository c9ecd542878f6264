package io.github.zohousersbatch.db;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.github.zohousersbatch.PlainText;

/**
 * Makes the fields of one record from Zoho fit the columns they are stored in, so that
 * nothing Zoho sends in a field that does not identify the record can make a write fail:
 * control characters (NUL included, which PostgreSQL refuses in text) and unpaired
 * surrogates are removed, text longer than its column is cut and ends with
 * {@value #MARKER}, and a time PostgreSQL cannot store becomes null. Every change is
 * noted by field name (never by value: values may be personal data), so that it can be
 * counted and logged.
 */
public final class ColumnText {

	/** Ends a value that was cut to fit its column. */
	public static final String MARKER = "\u2026";

	// most records need no change: the list is only made for those that do
	private List<String> changes;

	public ColumnText() {
		this(List.of());
	}

	/** Starts with changes already noted, such as fields of the wrong type. */
	public ColumnText(List<String> problems) {
		this.changes = problems.isEmpty() ? null : new ArrayList<>(problems);
	}

	/**
	 * The value, cleaned and cut to {@code limit} characters (code points, as PostgreSQL
	 * counts them).
	 */
	public String fit(String field, String value, int limit) {
		String clean = clean(field, value);
		if (clean == null || clean.length() <= limit || clean.codePointCount(0, clean.length()) <= limit) {
			return clean;
		}
		note(field + " cut to " + limit + " characters");
		return clean.substring(0, clean.offsetByCodePoints(0, limit - 1)) + MARKER;
	}

	/**
	 * The value without control characters and unpaired surrogates ({@link PlainText});
	 * null stays null.
	 */
	public String clean(String field, String value) {
		if (value == null || !PlainText.needsCleaning(value)) {
			return value;
		}
		note(field + " had control characters removed");
		return PlainText.of(value);
	}

	/**
	 * The time Zoho sent with its offset, or null when it is missing, unreadable or out
	 * of PostgreSQL's range.
	 */
	public OffsetDateTime time(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			OffsetDateTime time = OffsetDateTime.parse(value.trim());
			if (time.getYear() >= 1 && time.getYear() <= 9999) {
				return time;
			}
			note(field + " out of range, stored as null");
		}
		catch (DateTimeParseException ex) {
			note(field + " unreadable, stored as null");
		}
		return null;
	}

	/** What was changed, by field; empty when the record was stored as sent. */
	public List<String> changes() {
		return (this.changes == null) ? List.of() : List.copyOf(this.changes);
	}

	private void note(String change) {
		if (this.changes == null) {
			this.changes = new ArrayList<>(2);
		}
		this.changes.add(change);
	}

}
