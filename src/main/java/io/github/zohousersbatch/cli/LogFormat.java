package io.github.zohousersbatch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --log-format}: plain lines, or one JSON object per line (Spring Boot's
 * structured logging, ECS by default,
 * {@code --logging.structured.format.console=logstash|gelf} for others). Both go to
 * standard error.
 */
enum LogFormat {

	TEXT, JSON;

	private static final String JSON_CONFIG = "classpath:logback-json.xml";

	/**
	 * The Spring properties selecting this format, unless the command line configures
	 * logging itself.
	 */
	Map<String, String> springProperties(List<String> propertyArgs) {
		if (this == TEXT || propertyArgs.stream().anyMatch(arg -> arg.startsWith("--logging.config="))) {
			return Map.of();
		}
		return Map.of("logging.config", JSON_CONFIG);
	}

	/**
	 * The one line a failed command leaves on standard error, as a log event when logs
	 * are JSON.
	 */
	void printFailure(PrintWriter err, String line) {
		print(err, "ERROR", line);
	}

	/**
	 * A line of this command's own on standard error, as a log event when logs are JSON.
	 */
	void print(PrintWriter err, String level, String line) {
		if (this == TEXT) {
			err.println(line);
			return;
		}
		// shaped like the ECS events of the log, so that a shipper parsing them takes
		// this one too
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("@timestamp", Instant.now().toString());
		event.put("log", Map.of("level", level, "logger", ZohoUsersBatchCli.class.getName()));
		event.put("message", line);
		event.put("ecs", Map.of("version", "8.11"));
		err.println(Json.writeLine(event));
	}

}
