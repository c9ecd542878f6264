/**
 * The organisation behind a connection and its licences, read once per run from Zoho into
 * {@code zoho_org_licence}: the job's {@code recordOrgLicence} step
 * ({@link io.github.zohousersbatch.licence.LicenceSteps}), which warns rather than fails
 * when the data cannot be read or stored.
 * <p>
 * Uses {@code auth}, {@code http}, {@code db} and the shared vocabulary; used by
 * {@code job}.
 */
package io.github.zohousersbatch.licence;
