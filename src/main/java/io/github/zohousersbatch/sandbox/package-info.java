/**
 * A Zoho look-alike for the demo and the benchmarks: accounts server and CRM API on a
 * loopback port, in Zoho's wire format. It knows nothing of the job and uses nothing of
 * this project; only {@code cli} starts it.
 */
package io.github.zohousersbatch.sandbox;
