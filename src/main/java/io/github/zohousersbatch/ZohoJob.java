package io.github.zohousersbatch;

/**
 * The names of the job, its steps and its parameters, as Spring Batch records them in its
 * metadata tables: used by the job's definition, by SpEL in step-scoped beans
 * ({@code #{jobParameters['connection']}}), by code, and as bound parameters of the SQL
 * that reads the metadata. Each run of a connection is a job instance identified by
 * {@link #CONNECTION} and {@link #RUN_ID}; a restart is a new execution of the same
 * instance.
 */
public final class ZohoJob {

	/**
	 * The job: validate the token, record the licence, read, filter and write the users,
	 * reconcile.
	 */
	public static final String NAME = "zohoActiveUsersJob";

	/**
	 * First step of every execution, restarts included: a refresh token and a valid
	 * access token.
	 */
	public static final String VALIDATE_TOKEN_STEP = "validateToken";

	/** Once per run: the organisation and its licences. */
	public static final String RECORD_ORG_LICENCE_STEP = "recordOrgLicence";

	/** The chunk step that reads every users page and stages what it read. */
	public static final String AGGREGATE_USERS_STEP = "aggregateUsers";

	/** Applies what the run read to the aggregation table, in one transaction. */
	public static final String RECONCILE_USERS_STEP = "reconcileUsers";

	/**
	 * Hands a reconciled run over to Snow Integration Manager, when the connection has a
	 * folder for it ({@code zoho.export.snow.*}).
	 */
	public static final String HAND_OVER_STEP = "handOverToSnow";

	/**
	 * Identifying job parameter: the Zoho connection (one organisation) the run reads.
	 */
	public static final String CONNECTION = "connection";

	/**
	 * Identifying job parameter: a fresh value per {@code run}, so that each run is a new
	 * job instance.
	 */
	public static final String RUN_ID = "runId";

	/**
	 * The fleet job: one execution runs {@link #NAME} for many connections, each in a
	 * partition of its own. Its instance is identified by {@link #RUN_ID} alone; its
	 * connections are the rows of {@code zoho_fleet_member} with that run id.
	 */
	public static final String FLEET_NAME = "zohoFleetJob";

	/** The fleet's partitioned step: one partition per connection. */
	public static final String RUN_CONNECTIONS_STEP = "runConnections";

	/**
	 * The step each partition runs: one connection's run of {@link #NAME}, its own job
	 * instance; its step executions are named {@code runConnection:NAME}.
	 */
	public static final String RUN_CONNECTION_STEP = "runConnection";

	/**
	 * Identifying parameter of the fleet job: the connections it runs, comma-separated,
	 * in order.
	 */
	public static final String CONNECTIONS = "connections";

	private ZohoJob() {
	}

}
