/**
 * The command line: picocli commands ({@code run}, {@code restart}, {@code status},
 * {@code authorize}, {@code worker}, ...), what they print for people and tools (text,
 * JSON, the summary file), the Spring application started for each command, and the
 * process exit code a scheduler acts on. The entry point is
 * {@link io.github.zohousersbatch.cli.ZohoUsersBatchCli}.
 * <p>
 * The top of the house: may use every other package ({@code doctor} included); none uses
 * it.
 */
package io.github.zohousersbatch.cli;
