package io.github.zohousersbatch.cli;

/**
 * What an operator does about an execution that did not complete, by the job's
 * {@code EXIT_CODE}: the "what to do" column of the exit code table
 * ({@code jobs/EXIT-CODES.md}).
 */
final class Remedy {

	private Remedy() {
	}

	/**
	 * The remedy, or null when there is nothing to do (completed, abandoned, running).
	 */
	static String of(String status, String batchExitCode, String connection) {
		if (status.equals("COMPLETED") || status.equals("ABANDONED") || status.startsWith("START")
				|| status.equals("STOPPING")) {
			return null;
		}
		return switch (batchExitCode) {
			case "FAILED" -> "Read the message; once its cause is fixed or has passed (Zoho or the network down, a "
					+ "timeout), restart it.";
			case "NO_REFRESH_TOKEN" -> "An administrator authorizes the connection again (zoho-users-batch authorize "
					+ "--connection " + connection + " --code GRANT_CODE), then restart it.";
			case "TOKEN_REJECTED" -> "Check zoho.connections." + connection + ".client-id, client-secret and "
					+ "data-center, or authorize the connection again; then restart it.";
			case "STOPPED" -> "An operator stopped it; restart it when ready.";
			case "MASS_DEACTIVATION" -> "Nothing was deactivated. Check in Zoho that so many users really left "
					+ "(history --connection " + connection + "); if so, restart it with --allow-mass-deactivation.";
			case "INCOMPLETE_READ" -> "Nothing was deactivated. Restart it later, when Zoho's user list has settled; "
					+ "if it fails again, run zoho-users-batch doctor --connection " + connection
					+ " and check Zoho's list; consider zoho.job.completeness-check=warn.";
			default -> "See the exit code table in jobs/EXIT-CODES.md.";
		};
	}

}
