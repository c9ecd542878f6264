package io.github.zohousersbatch.users;

import java.util.OptionalLong;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * The floor under a read that is trusted although it does not add up to Zoho's count: it
 * must not be short of the users the connection's previous completed run read by more
 * than the mass-deactivation guard lets one run deactivate
 * ({@code zoho.job.max-deactivation-share}, {@code zoho.job.max-deactivations}). A
 * listing that is stable today but lost a large part of the organisation is a broken
 * listing, not Zoho's semantics.
 */
final class CompletenessFloor {

	private final ListingDifferences differences;

	private final double maxShare;

	private final int maxCount;

	CompletenessFloor(ListingDifferences differences, double maxShare, int maxCount) {
		this.differences = differences;
		this.maxShare = maxShare;
		this.maxCount = maxCount;
	}

	void check(String connection, long distinct, String description) {
		OptionalLong previous = this.differences.previousRead(connection);
		if (previous.isEmpty() || distinct >= previous.getAsLong()) {
			return;
		}
		long missing = previous.getAsLong() - distinct;
		if (missing > this.maxShare * previous.getAsLong() || missing > this.maxCount) {
			throw new ZohoBatchException(FailureReason.INCOMPLETE_READ, "Connection '" + connection + "': "
					+ description + ", " + missing + " fewer than the " + previous.getAsLong() + " users the previous "
					+ "completed run read, more than zoho.job.max-deactivation-share=" + this.maxShare
					+ " or zoho.job.max-deactivations=" + this.maxCount + " allow. Nothing was deactivated. Check the "
					+ "users in Zoho (zoho-users-batch doctor --connection " + connection + "), then restart: "
					+ "zoho-users-batch restart --last-failed --connection " + connection);
		}
	}

}
