package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.reporting.UserExport;

/**
 * A JSON array of objects, one per line, their properties in column order, nulls
 * explicit, times ISO-8601 with their offset ({@link Json}).
 */
final class JsonRows implements UserExport.Rows {

	private final Writer out;

	private List<String> columns;

	private boolean first = true;

	JsonRows(Writer out) {
		this.out = out;
	}

	@Override
	public void start(List<String> columns) {
		this.columns = List.copyOf(columns);
		write("[");
	}

	@Override
	public void row(List<Object> values) {
		Map<String, Object> row = new LinkedHashMap<>();
		for (int i = 0; i < this.columns.size(); i++) {
			row.put(this.columns.get(i), values.get(i));
		}
		write((this.first ? "\n" : ",\n") + Json.writeLine(row));
		this.first = false;
	}

	@Override
	public void end() {
		write(this.first ? "]\n" : "\n]\n");
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void write(String text) {
		try {
			this.out.write(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
