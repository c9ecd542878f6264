package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guides as a reader meets them: their code (fenced blocks line by line, continued
 * lines joined, and inline code spans), their relative links and the anchors their
 * headings give, as GitHub renders them.
 */
final class Guides {

	static final List<Path> ALL = List.of(Path.of("README.md"), Path.of("jobs", "README.md"),
			Path.of("sql", "README.md"), Path.of("CONTRIBUTING.md"), Path.of("jobs", "EXIT-CODES.md"));

	private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

	private Guides() {
	}

	static String read(Path guide) {
		try {
			return Files.readString(guide);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One piece of code of a guide, and where it is. */
	record Code(Path guide, int line, String text, boolean inline) {

		@Override
		public String toString() {
			return this.guide + ":" + this.line + ": " + this.text;
		}

	}

	/** Every line of every fenced block, and every inline code span. */
	static List<Code> code(Path guide) {
		List<Code> code = new ArrayList<>();
		List<String> lines = read(guide).lines().toList();
		boolean fenced = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				int first = i;
				StringBuilder joined = new StringBuilder(line);
				while (joined.toString().endsWith("\\") && i + 1 < lines.size()) {
					joined.setLength(joined.length() - 1);
					joined.append(' ').append(lines.get(++i).strip());
				}
				code.add(new Code(guide, first + 1, joined.toString(), false));
				continue;
			}
			// a table cell's escaped bar is a bar of the code
			Matcher span = INLINE_CODE.matcher(line.replace("\\|", "|"));
			while (span.find()) {
				code.add(new Code(guide, i + 1, span.group(1), true));
			}
		}
		return code;
	}

	/** The text of a guide outside fenced blocks. */
	static String prose(Path guide) {
		StringBuilder prose = new StringBuilder();
		boolean fenced = false;
		for (String line : read(guide).lines().toList()) {
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
			}
			else if (!fenced) {
				prose.append(line).append('\n');
			}
		}
		return prose.toString();
	}

	/** The relative links of a guide (no scheme), as written. */
	static List<String> relativeLinks(Path guide) {
		List<String> links = new ArrayList<>();
		Matcher link = LINK.matcher(prose(guide));
		while (link.find()) {
			String target = link.group(1);
			if (!target.matches("^[a-z][a-z0-9+.-]*:.*")) {
				links.add(target);
			}
		}
		return links;
	}

	/** The anchors of a Markdown file's headings, as GitHub makes them. */
	static Set<String> anchors(Path guide) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : prose(guide).lines().toList()) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String slug = heading.group(1)
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N} _-]", "")
					.replace(' ', '-');
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
		}
		return anchors;
	}

}
