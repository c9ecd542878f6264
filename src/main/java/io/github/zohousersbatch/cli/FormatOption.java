package io.github.zohousersbatch.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format text|json} of the report commands: a table for people, or JSON for
 * tools, on standard output.
 */
class FormatOption {

	@Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
			description = "text or json (on standard output; logs stay on standard error); default: ${DEFAULT-VALUE}.")
	private OutputFormat format;

	OutputFormat format() {
		return this.format;
	}

}
