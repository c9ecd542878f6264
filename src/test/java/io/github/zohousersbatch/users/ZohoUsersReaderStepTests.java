package io.github.zohousersbatch.users;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step-scoped reader of {@code aggregateUsers}, driven chunk by chunk in step scopes
 * of its own against WireMock and PostgreSQL, without the job around it: it reads every
 * page once and says where it stands in the step's context; reopened with that context (a
 * restart), it reads the last page again to check that Zoho's list still lines up and
 * goes on from there, or reads every page again from page 1 when the list moved.
 */
@ZohoBatchTest
class ZohoUsersReaderStepTests {

	static final int PAGE_SIZE = 5;

	@Autowired
	ZohoFixture fixture;

	@Autowired
	ZohoUsersReader reader;

	@Autowired
	UserStagingWriter writer;

	@Autowired
	UsableUserCheck check;

	@Test
	void readsEveryPageOnceThenSavesWhereItStands() throws Exception {
		// given
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		StepExecution step = step(new ExecutionContext());

		// when
		List<UserEntry> read = StepScopeTestUtils.doInStepScope(step, () -> readToTheEnd(step));

		// then
		assertThat(read).hasSize(17).allSatisfy(entry -> assertThat(entry.pass()).isOne());
		assertThat(read).extracting(UserEntry::page).startsWith(1, 1, 1, 1, 1, 2).endsWith(3, 4, 4);
		assertThat(read.stream().filter(entry -> entry.user().isActive()).map(UserEntry::id).sorted())
			.containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
		ReadPosition position = ReadPosition.of(step.getExecutionContext());
		assertThat(position.read()).isEqualTo(17);
		assertThat(position.passRecords()).isEqualTo(17);
		assertThat(position.pass()).isOne();
		assertThat(position.unidentified()).isZero();
		assertThat(position.checkedPage()).isEqualTo(4);
		assertThat(position.isResumed()).isTrue();
		assertThat(position.rereadReasons()).isEmpty();
		for (int page = 1; page <= 4; page++) {
			assertThat(requested(page)).as("page %d", page).isOne();
		}
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users/actions/count")));
	}

	@Test
	void reopenedAtItsSavedPositionItChecksTheLastPageReadAndGoesOnFromThere() throws Exception {
		// given: a first execution read and staged pages 1 and 2, then stopped; it had no
		// count from Zoho and page 3 was slow, so it could not have asked for page 4
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		StubMapping noCount = this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count")).atPriority(1)
				.willReturn(aResponse().withStatus(404)));
		StubMapping slowPage = this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("3"))
				.atPriority(1)
				.willReturn(ZohoWireMock.json("users-page-3.json").withFixedDelay(2_000)));
		StepExecution first = step(new ExecutionContext());
		StepScopeTestUtils.doInStepScope(first, () -> readChunks(first, 2));
		this.fixture.zoho().removeStub(noCount);
		this.fixture.zoho().removeStub(slowPage);
		this.fixture.zoho().resetRequests();

		// when: a restart opens the reader with the context the first one saved
		StepExecution restart = step(new ExecutionContext(first.getExecutionContext()));
		List<UserEntry> read = StepScopeTestUtils.doInStepScope(restart, () -> readToTheEnd(restart));

		// then
		assertThat(read).extracting(UserEntry::page).hasSize(7).containsOnly(3, 4);
		assertThat(requested(1)).isZero();
		assertThat(requested(2)).as("the last page read, to check that the list lines up").isOne();
		// page 3 is not counted: the first execution may have asked for it ahead of time
		assertThat(requested(4)).isOne();
		ReadPosition position = ReadPosition.of(restart.getExecutionContext());
		assertThat(position.read()).isEqualTo(17);
		assertThat(position.pass()).isOne();
		assertThat(position.rereadReasons()).isEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single())
			.isEqualTo(17L);
	}

	@Test
	void reopenedAfterZohosListMovedItReadsEveryPageAgainInANewPass() throws Exception {
		// given: a first execution read and staged pages 1 and 2 of 20 users, then
		// stopped; users 0 to 2 are deleted in Zoho before the restart
		GeneratedUsers organisation = new GeneratedUsers(20, PAGE_SIZE);
		this.fixture.authorized("test");
		organisation.stub(this.fixture.zoho(), 0);
		StepExecution first = step(new ExecutionContext());
		StepScopeTestUtils.doInStepScope(first, () -> readChunks(first, 2));
		GeneratedUsers moved = organisation.without(0, 3);
		this.fixture.zoho().resetAll();
		moved.stub(this.fixture.zoho(), 0);

		// when
		StepExecution restart = step(new ExecutionContext(first.getExecutionContext()));
		List<UserEntry> read = StepScopeTestUtils.doInStepScope(restart, () -> readToTheEnd(restart));

		// then: the whole moved list, in pass 2
		assertThat(read).hasSize(17).allSatisfy(entry -> assertThat(entry.pass()).isEqualTo(2));
		assertThat(read.stream().filter(entry -> entry.user().isActive()).map(UserEntry::id).sorted())
			.containsExactlyElementsOf(moved.activeIds());
		assertThat(requested(1)).isOne();
		ReadPosition position = ReadPosition.of(restart.getExecutionContext());
		assertThat(position.pass()).isEqualTo(2);
		assertThat(position.passRecords()).isEqualTo(17);
		assertThat(position.read()).isEqualTo(10 + 17);
		assertThat(position.rereadReasons()).singleElement()
			.asString()
			.contains("page 2 no longer lists the users it listed");
	}

	private List<UserEntry> readToTheEnd(StepExecution step) throws Exception {
		return readChunks(step, Integer.MAX_VALUE);
	}

	// what the chunk step does: chunks of a page each, staged and committed with the
	// reader's position
	private List<UserEntry> readChunks(StepExecution step, int chunks) throws Exception {
		ExecutionContext context = step.getExecutionContext();
		List<UserEntry> read = new ArrayList<>();
		this.reader.open(context);
		this.writer.open(context);
		boolean more = true;
		for (int chunk = 0; chunk < chunks && more; chunk++) {
			List<UserEntry> checked = new ArrayList<>();
			for (int item = 0; item < PAGE_SIZE; item++) {
				UserEntry entry = this.reader.read();
				if (entry == null) {
					more = false;
					break;
				}
				read.add(entry);
				checked.add(this.check.process(entry));
			}
			this.writer.write(new Chunk<>(checked));
			this.reader.update(context);
			this.writer.update(context);
		}
		this.writer.close();
		this.reader.close();
		return read;
	}

	private int requested(int page) {
		return this.fixture.zoho()
			.findAll(getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page",
					equalTo(String.valueOf(page))))
			.size();
	}

	private static StepExecution step(ExecutionContext context) {
		return MetaDataInstanceFactory.createStepExecution(ZohoFixture.TEST_RUN, context);
	}

}
