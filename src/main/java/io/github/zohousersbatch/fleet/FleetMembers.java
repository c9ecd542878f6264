package io.github.zohousersbatch.fleet;

import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code zoho_fleet_member}: the connections of each fleet run, in order. Kept in a table
 * rather than a job parameter, whose column could not hold the names of 500 connections.
 */
@Repository
public class FleetMembers {

	// the partition step's name is runConnection:NAME, in a column of 100 characters
	static final int MAX_NAME_LENGTH = 80;

	private final JdbcClient jdbc;

	FleetMembers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records the connections of a new fleet run. */
	void record(String fleetRunId, List<String> connections) {
		for (int position = 0; position < connections.size(); position++) {
			String name = connections.get(position);
			if (name.length() > MAX_NAME_LENGTH) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION, "Connection '" + name
						+ "' has a name longer than " + MAX_NAME_LENGTH + " characters, which a fleet run cannot hold");
			}
			this.jdbc.sql("insert into zoho_fleet_member (fleet_run_id, connection_name, position) values (?, ?, ?)")
				.params(fleetRunId, name, position)
				.update();
		}
	}

	/** The connections of the fleet run, in order. */
	public List<String> of(String fleetRunId) {
		return this.jdbc.sql("select connection_name from zoho_fleet_member where fleet_run_id = ? order by position")
			.param(fleetRunId)
			.query(String.class)
			.list();
	}

}
