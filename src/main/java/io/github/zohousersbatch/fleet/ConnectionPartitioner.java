package io.github.zohousersbatch.fleet;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per connection of the fleet run, named after it: its context holds the
 * connection and the run id of the connection's own job instance, derived from the
 * fleet's, so that a restarted fleet finds the same instance again.
 */
class ConnectionPartitioner implements Partitioner, PartitionNameProvider {

	private final List<String> connections;

	private final String fleetRunId;

	ConnectionPartitioner(List<String> connections, String fleetRunId) {
		this.connections = connections;
		this.fleetRunId = fleetRunId;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (String connection : this.connections) {
			ExecutionContext context = new ExecutionContext();
			context.putString(ZohoJob.CONNECTION, connection);
			context.putString(ZohoJob.RUN_ID, runId(this.fleetRunId, connection));
			partitions.put(connection, context);
		}
		return partitions;
	}

	@Override
	public Collection<String> getPartitionNames(int gridSize) {
		return this.connections;
	}

	/** The run id of the connection's job instance in this fleet run. */
	static String runId(String fleetRunId, String connection) {
		return fleetRunId + "/" + connection;
	}

}
