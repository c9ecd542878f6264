package io.github.zohousersbatch.cli;

import io.github.zohousersbatch.ConnectionName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Refuses, while the command line is parsed (exit code 2, the option named by picocli), a
 * connection name that breaks {@link ConnectionName}'s rule.
 */
class ConnectionNameOption implements ITypeConverter<String> {

	@Override
	public String convert(String value) {
		if (!ConnectionName.isValid(value)) {
			throw new TypeConversionException(ConnectionName.shown(value)
					+ " is not a connection name: a connection name is " + ConnectionName.RULE);
		}
		return value;
	}

}
