package io.github.zohousersbatch.cli;

/**
 * How a report command prints its result on standard output: a table for people, or JSON
 * for tools.
 */
enum OutputFormat {

	TEXT, JSON

}
