package io.github.zohousersbatch.fleet;

import org.junit.jupiter.api.Test;

import org.springframework.batch.integration.partition.StepExecutionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a partition request carries over the broker: the step's name and the step
 * execution's id, as JSON text, nothing else.
 */
class PartitionRequestCodecTests {

	@Test
	void aRequestIsTheStepNameAndTheStepExecutionIdAsJsonText() {
		// when
		String text = PartitionRequestCodec.encode(new StepExecutionRequest("runConnection", 42));

		// then
		assertThat(text).isIn("{\"stepName\":\"runConnection\",\"stepExecutionId\":42}",
				"{\"stepExecutionId\":42,\"stepName\":\"runConnection\"}");
		StepExecutionRequest decoded = PartitionRequestCodec.decode(text);
		assertThat(decoded.getStepName()).isEqualTo("runConnection");
		assertThat(decoded.getStepExecutionId()).isEqualTo(42);
	}

	@Test
	void anythingElseOnTheQueueIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PartitionRequestCodec.decode("{\"stepName\":\"x\"}"))
			.withMessageContaining("Not a partition request");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionRequestCodec.decode("{\"stepName\":\"x\",\"stepExecutionId\":\"y\"}"));
	}

}
