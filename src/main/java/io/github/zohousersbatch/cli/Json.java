package io.github.zohousersbatch.cli;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON that tools read ({@code --format json}, {@code --summary-file}): Jackson 3,
 * properties in the order the records declare them, ISO-8601 timestamps with their
 * offset, explicit nulls.
 */
final class Json {

	// built here rather than taken from the application context: a summary is also
	// written when the context failed
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.enable(SerializationFeature.INDENT_OUTPUT)
		.build();

	private Json() {
	}

	/** Indented, for standard output and summary files. */
	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	/** On one line, for log lines. */
	static String writeLine(Object value) {
		return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
	}

}
