package io.github.zohousersbatch.reporting;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zoho's user statuses in Snow's terms: the documented table of the hand-off.
 */
class SnowStatusTests {

	@ParameterizedTest(name = "{0} (confirm {1}) is {2}")
	@CsvSource(nullValues = "null",
			value = { "active, true, Active", "active, null, Active", "active, false, Invited", "Active, true, Active",
					"inactive, true, Inactive", "disabled, false, Disabled", "disabled dormant, false, Suspended",
					"deleted, false, Deleted", "closed, true, Deleted", "suspended, true, Undefined",
					"'', true, Undefined", "null, true, Undefined" })
	void zohoStatusesMapToSnowsEnum(String zohoStatus, Boolean confirmed, SnowStatus snow) {
		assertThat(SnowStatus.of(zohoStatus, confirmed)).isEqualTo(snow);
	}

}
