package io.github.zohousersbatch.reporting;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample Snow file in {@code jobs/snow/} is what the job writes, and what Snow's
 * schema accepts; the schema itself refuses what Snow's guidelines refuse.
 */
class SnowSampleTests {

	@Test
	void theSampleInJobsIsAValidSnowFile() {
		assertThat(SnowSchema.errors(SnowSchema.read(Path.of("jobs/snow/zoho-crm-sample.json")))).isEmpty();
	}

	@Test
	void theSchemaRefusesWhatSnowRefuses() {
		// empty lists, a status in the wrong case, seats as text, a date with an offset
		JsonNode empty = SnowSchema.read("{\"Users\": [], \"Subscriptions\": []}");
		JsonNode lowerCase = SnowSchema.read("""
				{"Users": [{"Id": "1", "Status": "active"}],
				 "Subscriptions": [{"Id": "s", "MeteringTypes": "PerUser", "UserCap": "3"}]}
				""");
		JsonNode offset = SnowSchema.read("""
				{"Users": [{"Id": "1", "Registration": "2019-08-10T05:51:16+05:30"}],
				 "Subscriptions": [{"Id": "s", "MeteringTypes": "PerUser"}]}
				""");

		assertThat(SnowSchema.errors(empty)).hasSize(2);
		assertThat(SnowSchema.errors(lowerCase)).hasSize(2);
		assertThat(SnowSchema.errors(offset)).hasSize(1);
	}

}
