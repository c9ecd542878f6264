package io.github.zohousersbatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class LogFormatTests {

	@Test
	void jsonSelectsTheStructuredConfigurationUnlessLoggingIsConfiguredOnTheCommandLine() {
		assertThat(LogFormat.TEXT.springProperties(List.of())).isEmpty();
		assertThat(LogFormat.JSON.springProperties(List.of("--spring.datasource.url=jdbc:postgresql://db/x")))
			.containsExactly(entry("logging.config", "classpath:logback-json.xml"));
		assertThat(LogFormat.JSON.springProperties(List.of("--logging.config=/etc/zoho/logback.xml"))).isEmpty();
	}

	@Test
	void jsonConfigurationIsWellFormedAndWritesToStandardError() throws Exception {
		Document configuration = parse("/logback-json.xml");

		assertThat(configuration.getElementsByTagName("target").item(0).getTextContent()).isEqualTo("System.err");
		assertThat(((Element) configuration.getElementsByTagName("encoder").item(0)).getAttribute("class"))
			.isEqualTo("org.springframework.boot.logging.logback.StructuredLogEncoder");
		// the guards of the text configuration (secrets never logged) hold in JSON too
		assertThat(turboFilters(configuration)).isNotEmpty()
			.containsExactlyElementsOf(turboFilters(parse("/logback-spring.xml")));
	}

	private static Document parse(String resource) throws Exception {
		return DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(LogFormatTests.class.getResourceAsStream(resource));
	}

	private static List<String> turboFilters(Document configuration) {
		NodeList filters = configuration.getElementsByTagName("turboFilter");
		return IntStream.range(0, filters.getLength())
			.mapToObj(index -> ((Element) filters.item(index)).getAttribute("class"))
			.toList();
	}

	@Test
	void aFailedCommandLeavesOneJsonLineWhenLogsAreJson() {
		StringWriter text = new StringWriter();
		StringWriter json = new StringWriter();

		LogFormat.TEXT.printFailure(new PrintWriter(text, true), "ALREADY_RUNNING: Another execution is running");
		LogFormat.JSON.printFailure(new PrintWriter(json, true), "ALREADY_RUNNING: Another execution is running");

		assertThat(text.toString()).isEqualTo("ALREADY_RUNNING: Another execution is running" + System.lineSeparator());
		assertThat(json.toString().lines()).hasSize(1);
		JsonNode event = JsonMapper.builder().build().readTree(json.toString());
		assertThat(event.get("log").get("level").asString()).isEqualTo("ERROR");
		assertThat(event.get("message").asString()).isEqualTo("ALREADY_RUNNING: Another execution is running");
		assertThat(event.get("@timestamp").asString()).isNotBlank();
	}

	@Test
	void logFormatIsAnOptionOfEveryCommandCaseInsensitive() {
		RootCommand root = new RootCommand(List.of());
		CommandLine commandLine = new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true);

		commandLine.parseArgs("status", "--log-format", "JSON");

		assertThat(root.logFormat()).isEqualTo(LogFormat.JSON);
	}

}
