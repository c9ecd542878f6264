package io.github.zohousersbatch.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snow's SaaS - Generic file format as a JSON Schema
 * ({@code src/test/resources/snow/generic_saas_schema.json}, written from Snow's
 * published property tables), checked by a real validator with format assertions on
 * (emails).
 */
public final class SnowSchema {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Schema SCHEMA = load();

	private SnowSchema() {
	}

	/** What is wrong with the document, as the validator says it; empty when valid. */
	public static List<String> errors(JsonNode document) {
		return SCHEMA
			.validate(document, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
			.stream()
			.map(Error::toString)
			.toList();
	}

	/** The file read as JSON. */
	public static JsonNode read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The text read as JSON. */
	public static JsonNode read(String text) {
		return JSON.readTree(text);
	}

	private static Schema load() {
		try (InputStream in = SnowSchema.class.getResourceAsStream("/snow/generic_saas_schema.json")) {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
