/**
 * zoho-users-batch: a restartable Spring Batch job that aggregates the active users of
 * Zoho CRM organisations into PostgreSQL, started from a command line by schedulers and
 * operators.
 * <p>
 * This package holds what every other package shares and nothing else: the names of the
 * job, its steps and parameters ({@link io.github.zohousersbatch.ZohoJob}), the failure
 * vocabulary that becomes exit codes ({@link io.github.zohousersbatch.FailureReason},
 * {@link io.github.zohousersbatch.Failures},
 * {@link io.github.zohousersbatch.ZohoBatchException}), the {@code zoho.*} settings
 * ({@link io.github.zohousersbatch.ZohoProperties}), and the Spring Boot application
 * class. It uses no other package of this project.
 * <p>
 * Dependencies point one way: {@code cli} &rarr; {@code job} &rarr; the features
 * ({@code users}, {@code licence}, {@code auth}, {@code reporting}) &rarr; {@code http},
 * {@code db}, {@code metrics} &rarr; this package; the demo's {@code sandbox} stands
 * apart. {@code ArchitectureTests} enforces it.
 */
package io.github.zohousersbatch;
