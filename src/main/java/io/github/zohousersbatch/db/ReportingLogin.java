package io.github.zohousersbatch.db;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * The login a reporting tool connects to the embedded PostgreSQL with: the role
 * {@code zoho_report}, a member of {@code zoho_reporting} (sql/008-reporting-views.sql:
 * it may read the reporting views and nothing else), with a generated password kept in a
 * mode-600 file of the state directory. Created on first use; each use sets the password
 * from the file again, so that the file stays the truth. Never the superuser.
 *
 * @param user the login role
 * @param password its password
 * @param passwordFile where the password is kept
 */
public record ReportingLogin(String user, String password, Path passwordFile) {

	public static final String ROLE = "zoho_report";

	/** The password file's name in the state directory. */
	public static final String PASSWORD_FILE = "zoho_report.password";

	/**
	 * Creates the login role if needed and sets its password from
	 * {@code stateDirectory}'s password file.
	 */
	public static ReportingLogin ensure(EmbeddedDatabase database, Path stateDirectory)
			throws IOException, SQLException {
		Path passwordFile = stateDirectory.resolve(PASSWORD_FILE);
		String password = PrivateFiles.secret(passwordFile).value();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			// two commands starting at once: the second finds the role created
			statement.execute("""
					do $$ begin
					  create role zoho_report login;
					exception when duplicate_object then null;
					end $$""");
			statement.execute("grant zoho_reporting to zoho_report");
			// the driver computes the SCRAM verifier: the password itself never reaches
			// the server (pgJDBC: PGConnection)
			connection.unwrap(PGConnection.class).alterUserPassword(ROLE, password.toCharArray(), "scram-sha-256");
		}
		return new ReportingLogin(ROLE, password, passwordFile);
	}

	@Override
	public String toString() {
		return "ReportingLogin[user=" + this.user + ", passwordFile=" + this.passwordFile + "]";
	}

}
