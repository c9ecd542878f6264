package io.github.zohousersbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.IntStream;

import io.github.zohousersbatch.reporting.LicenceUsage.Invitation;
import io.github.zohousersbatch.reporting.LicenceUsage.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code licences} prints of the users invited but never joined: the 20 longest
 * pending for a person, all of them for a tool.
 */
class LicencesCommandTests {

	@Test
	void aPersonSeesTheTwentyLongestPendingInvitationsAndHowManyMore() {
		// given: 22 invitations never accepted, the oldest first
		List<Invitation> invitations = IntStream.range(0, 22)
			.mapToObj(i -> new Invitation(String.valueOf(1000 + i), "user" + i + "@zylker.example", "User " + i,
					"Regular User", true, OffsetDateTime.parse("2024-01-01T10:00:00Z").plusDays(i), 300 - i))
			.toList();
		Usage usage = new Usage("crm", 7, OffsetDateTime.parse("2024-11-01T10:00:00Z"), true, "enterprise", 50, 40, 40L,
				10, 0L, true, 45, 50, null, null, true, 22L, invitations);

		// when
		String text = print(usage, OutputFormat.TEXT);
		String json = print(usage, OutputFormat.JSON);

		// then
		assertThat(text).contains("Connection 'crm': 22 active user(s) invited, never joined")
			.containsPattern("user0@zylker.example +User 0 +Regular User +yes +2024-01-01 +300")
			.contains("user19@zylker.example")
			.doesNotContain("user20@zylker.example")
			.contains("... and 2 more: all of them in zoho_pending_invitations, or with --format json");
		assertThat(json).contains("user21@zylker.example").contains("\"licensedNeverJoined\" : 22");
	}

	private static String print(Usage usage, OutputFormat format) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		LicencesCommand.print(List.of(usage), format, new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
