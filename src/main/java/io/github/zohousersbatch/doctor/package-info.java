/**
 * {@code doctor}: what a real organisation's Zoho does with the assumptions this job
 * rests on (scopes, data centre and API domain, edition and concurrency limit, the users
 * count against the listing per {@code type}, paging past 2,000 users, the user licence
 * feature), checked read-only within a bounded number of API credits, as a report a
 * customer can paste into a bug ({@link io.github.zohousersbatch.doctor.ZohoDoctor}).
 * <p>
 * Uses {@code auth}, {@code users}, {@code http} and the shared vocabulary; used by
 * {@code cli}.
 */
package io.github.zohousersbatch.doctor;
