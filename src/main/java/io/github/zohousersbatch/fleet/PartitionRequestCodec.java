package io.github.zohousersbatch.fleet;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * A partition request as the broker carries it: a JSON text message,
 * {@code {"stepName":"runConnection","stepExecutionId":42}}, rather than a serialized
 * Java object, so that a worker never deserializes classes chosen by whoever can write to
 * the queue, and an operator can read the queue with the broker's own tools.
 */
final class PartitionRequestCodec {

	private static final JsonMapper json = JsonMapper.builder().build();

	private PartitionRequestCodec() {
	}

	static String encode(StepExecutionRequest request) {
		return json.writeValueAsString(
				Map.of("stepName", request.getStepName(), "stepExecutionId", request.getStepExecutionId()));
	}

	static StepExecutionRequest decode(String text) {
		JsonNode node = json.readTree(text);
		JsonNode step = node.get("stepName");
		JsonNode id = node.get("stepExecutionId");
		if (step == null || id == null || !id.canConvertToLong()) {
			throw new IllegalArgumentException("Not a partition request: " + text);
		}
		return new StepExecutionRequest(step.asString(), id.asLong());
	}

}
