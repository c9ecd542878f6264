package io.github.zohousersbatch.cli;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table sized to its content: numbers right-aligned, the last column (a
 * message) left unpadded.
 */
final class TextTable {

	/** How times show in tables: local time, to the second. */
	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final List<String[]> rows = new ArrayList<>();

	private final boolean[] rightAligned;

	TextTable(String... headers) {
		this.rows.add(headers);
		this.rightAligned = new boolean[headers.length];
	}

	/** {@code time} in this machine's time zone, as tables show times. */
	static String time(OffsetDateTime time) {
		return TIME.format(time.atZoneSameInstant(ZoneId.systemDefault()));
	}

	/** Right-aligns these columns (0-based). */
	TextTable alignRight(int... columns) {
		for (int column : columns) {
			this.rightAligned[column] = true;
		}
		return this;
	}

	void add(Object... cells) {
		this.rows.add(Arrays.stream(cells).map(cell -> (cell != null) ? cell.toString() : "-").toArray(String[]::new));
	}

	void print(PrintStream out) {
		int[] widths = new int[this.rightAligned.length];
		for (String[] row : this.rows) {
			for (int column = 0; column < row.length; column++) {
				widths[column] = Math.max(widths[column], row[column].length());
			}
		}
		for (String[] row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int column = 0; column < row.length; column++) {
				boolean last = column == row.length - 1;
				String padding = " ".repeat(widths[column] - row[column].length());
				if (this.rightAligned[column]) {
					line.append(padding).append(row[column]);
				}
				else {
					line.append(row[column]).append(last ? "" : padding);
				}
				line.append(last ? "" : "  ");
			}
			out.println(line.toString().stripTrailing());
		}
	}

}
