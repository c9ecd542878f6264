package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

import io.github.zohousersbatch.reporting.UserExport;

/**
 * CSV as RFC 4180 has it: a header line, lines ending in CRLF, a field quoted when it
 * holds a comma, a quote or a line break, quotes doubled. Null is an empty field; times
 * are ISO-8601 with their offset; booleans are {@code true} and {@code false}. Values are
 * written as stored, except that a value a spreadsheet would run as a formula (one that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return: a
 * Zoho user can choose their own name) starts with an apostrophe, as OWASP's "CSV
 * Injection" advises; a spreadsheet should import the columns as text.
 */
final class CsvRows implements UserExport.Rows {

	private static final String FORMULA_STARTS = "=+-@\t\r";

	private final Writer out;

	CsvRows(Writer out) {
		this.out = out;
	}

	@Override
	public void start(List<String> columns) {
		line(List.copyOf(columns));
	}

	@Override
	public void row(List<Object> values) {
		line(values);
	}

	@Override
	public void end() {
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void line(List<?> values) {
		StringBuilder line = new StringBuilder(256);
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			line.append(field(values.get(i)));
		}
		line.append("\r\n");
		try {
			this.out.write(line.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String field(Object value) {
		if (value == null) {
			return "";
		}
		String text = neutralised(value.toString());
		if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
			return text;
		}
		return '"' + text.replace("\"", "\"\"") + '"';
	}

	private static String neutralised(String text) {
		return (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) ? "'" + text : text;
	}

}
