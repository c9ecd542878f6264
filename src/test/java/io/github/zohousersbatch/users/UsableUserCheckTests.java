package io.github.zohousersbatch.users;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The processor of {@code aggregateUsers}: every usable user goes on to the writer,
 * active or not; a record without a usable id or status goes to the step's skip handling,
 * named by page and id only.
 */
class UsableUserCheckTests {

	final UsableUserCheck check = new UsableUserCheck();

	@Test
	void anActiveUserIsKeptAsItIs() {
		// given
		UserEntry patricia = user("4150868000000225013", "Active");

		// when
		UserEntry kept = this.check.process(patricia);

		// then
		assertThat(kept).isSameAs(patricia);
	}

	@Test
	void everyOtherStatusGoesOnToo() {
		// given
		List<UserEntry> others = List.of(user("4150868000000226013", "disabled"),
				user("4150868000000228013", "deleted"), user("4150868000000230013", "inactive"),
				user("4150868000000232013", "disabled dormant"));

		// when / then
		assertThat(others).allSatisfy(entry -> assertThat(this.check.process(entry)).isSameAs(entry));
	}

	@Test
	void aRecordWithoutUsableIdOrStatusGoesToSkipHandling() {
		// given
		UserEntry noStatus = UserEntry.unusable(3, "4150868000000234013", "no usable status");
		UserEntry noId = UserEntry.unusable(4, null, "no id");

		// when / then
		assertThatThrownBy(() -> this.check.process(noStatus)).isInstanceOf(UnusableUserException.class)
			.hasMessage("User record 4150868000000234013 on users page 3 is unusable: no usable status");
		assertThatThrownBy(() -> this.check.process(noId)).isInstanceOf(UnusableUserException.class)
			.hasMessage("User record without id on users page 4 is unusable: no id");
	}

	private static UserEntry user(String id, String status) {
		return UserEntry.usable(1, new ZohoUser(id, id + "@zylker.example", "User " + id, "User", id, status, true,
				null, null, null, null, "Europe/Paris", null, null), List.of());
	}

}
