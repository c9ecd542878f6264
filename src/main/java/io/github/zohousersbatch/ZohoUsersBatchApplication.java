package io.github.zohousersbatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring application behind every command: configuration classes are found below this
 * package. The process starts in the command line ({@code cli.ZohoUsersBatchCli}), which
 * decides what to do, starts this application when the command needs it, and returns the
 * exit code a scheduler acts on.
 */
@SpringBootApplication
public class ZohoUsersBatchApplication {

}
