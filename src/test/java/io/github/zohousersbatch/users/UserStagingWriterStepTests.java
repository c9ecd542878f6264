package io.github.zohousersbatch.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The step-scoped writer of {@code aggregateUsers} against PostgreSQL, in a step scope of
 * its own: it stages every user of its chunk, active or not, under the run and the
 * connection of its step; a user listed twice in a chunk is staged once, as last seen;
 * fields changed to fit their columns are counted in the step's context. Nothing reaches
 * {@code zoho_user_aggregation} before reconciliation.
 */
@ZohoBatchTest
class UserStagingWriterStepTests {

	final UsersPageParser parser = new UsersPageParser(JsonMapper.builder().build());

	@Autowired
	ZohoFixture fixture;

	@Autowired
	UserStagingWriter writer;

	@Autowired
	UsableUserCheck check;

	@Test
	void everyUserOfTheChunkIsStagedUnderTheStepsRunAndConnectionAndTheInactiveOnesCounted() throws Exception {
		// given: users page 1, three active users and two others
		List<UserEntry> page = this.parser.parse(ZohoWireMock.fixture("users-page-1.json"), 1, 5).entries();
		StepExecution step = step();

		// when
		StepScopeTestUtils.doInStepScope(step, () -> writeChunk(step, page));

		// then
		long run = step.getJobExecution().getJobInstance().getInstanceId();
		List<Map<String, Object>> staged = this.fixture.jdbc()
			.sql("select job_instance_id, connection_name, zoho_user_id, read_pass, page, active, status, email "
					+ "from zoho_user_staging order by zoho_user_id")
			.query()
			.listOfRows();
		assertThat(staged).extracting(row -> row.get("zoho_user_id"), row -> row.get("active"))
			.containsExactly(tuple("4150868000000225013", true), tuple("4150868000000226013", false),
					tuple("4150868000000227013", true), tuple("4150868000000228013", false),
					tuple("4150868000000229013", true));
		assertThat(staged).allSatisfy(row -> assertThat(row).containsEntry("job_instance_id", run)
			.containsEntry("connection_name", "test")
			.containsEntry("read_pass", 1)
			.containsEntry("page", 1));
		assertThat(staged.get(0)).containsEntry("email", "patricia.boyle@zylker.com").containsEntry("status", "active");
		assertThat(UserStagingWriter.inactiveIn(step.getExecutionContext())).isEqualTo(2);
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_aggregation").query(Long.class).single())
			.isZero();
	}

	@Test
	void aUserListedTwiceInOneChunkIsStagedOnceAsLastSeen() throws Exception {
		// given: Zoho's offset paging shows Patricia again on page 2, disabled meanwhile
		List<UserEntry> page = new ArrayList<>(
				this.parser.parse(ZohoWireMock.fixture("users-page-1.json"), 1, 5).entries());
		ZohoUser patricia = page.get(0).user();
		page.add(UserEntry.usable(2,
				new ZohoUser(patricia.id(), patricia.email(), patricia.fullName(), patricia.firstName(),
						patricia.lastName(), "disabled", patricia.confirmed(), patricia.roleId(), patricia.roleName(),
						patricia.profileId(), patricia.profileName(), patricia.timeZone(), patricia.createdTime(),
						patricia.modifiedTime()),
				List.of()));
		StepExecution step = step();

		// when
		StepScopeTestUtils.doInStepScope(step, () -> writeChunk(step, page));

		// then
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single())
			.isEqualTo(5L);
		assertThat(this.fixture.jdbc()
			.sql("select active, status, page from zoho_user_staging where zoho_user_id = ?")
			.param(patricia.id())
			.query()
			.singleRow()).containsEntry("active", false).containsEntry("status", "disabled").containsEntry("page", 2);
	}

	@Test
	void fieldsChangedToFitTheirColumnsAreCountedInTheStepContext() throws Exception {
		// given: an email longer than its column and a role that is not an object
		List<UserEntry> page = this.parser.parse("""
				{"users":[
				  {"id":"4150868000000225013","email":"%s","status":"active"},
				  {"id":"4150868000000226013","role":"CEO","status":"active"}
				 ],"info":{"per_page":5,"count":2,"page":1,"more_records":false}}""".formatted("x".repeat(321)), 1, 5)
			.entries();
		StepExecution step = step();

		// when
		StepScopeTestUtils.doInStepScope(step, () -> writeChunk(step, page));

		// then
		assertThat(UserStagingWriter.sanitisedIn(step.getExecutionContext())).isEqualTo(2);
		assertThat(this.fixture.jdbc()
			.sql("select length(email) from zoho_user_staging where zoho_user_id = '4150868000000225013'")
			.query(Integer.class)
			.single()).isEqualTo(320);
	}

	// what the chunk step does with one chunk: check each item, write the chunk, save the
	// state
	private Void writeChunk(StepExecution step, List<UserEntry> items) throws Exception {
		this.writer.open(step.getExecutionContext());
		List<UserEntry> checked = new ArrayList<>();
		for (UserEntry item : items) {
			checked.add(this.check.process(item));
		}
		this.writer.write(new Chunk<>(checked));
		this.writer.update(step.getExecutionContext());
		this.writer.close();
		return null;
	}

	private static StepExecution step() {
		return MetaDataInstanceFactory.createStepExecution(ZohoFixture.TEST_RUN);
	}

}
