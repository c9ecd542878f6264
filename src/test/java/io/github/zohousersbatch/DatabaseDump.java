package io.github.zohousersbatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Everything the test database holds, as text, to search for secrets: {@code pg_dump}
 * when one that can dump this server is found (the embedded binaries' directory, then the
 * PATH), otherwise every row of every table of the schema read through JDBC with all
 * columns as text. {@link Dump#method()} says which ran.
 */
public final class DatabaseDump {

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.\\d+");

	private DatabaseDump() {
	}

	/**
	 * The dump and how it was made.
	 *
	 * @param method pg_dump with its path and version, or JDBC with the reason
	 * @param text the dump
	 */
	public record Dump(String method, String text) {
	}

	/** pg_dump if a matching one exists, else the JDBC dump. */
	public static Dump of(JdbcClient jdbc) {
		int serverMajor = jdbc.sql("show server_version_num").query(Integer.class).single() / 10000;
		List<String> refused = new ArrayList<>();
		for (Path pgDump : candidates()) {
			int major = major(pgDump);
			if (major < serverMajor) {
				refused.add(pgDump + " " + major);
				continue;
			}
			String text = run(pgDump);
			if (text != null) {
				return new Dump("pg_dump " + major + " (" + pgDump + ")", text);
			}
			refused.add(pgDump + " (failed)");
		}
		return new Dump("JDBC, every row of every table as text (no pg_dump for PostgreSQL " + serverMajor
				+ " found; refused: " + refused + ")", rows(jdbc));
	}

	/** Every row of every table of the current schema, all columns as text. */
	public static String rows(JdbcClient jdbc) {
		StringBuilder text = new StringBuilder();
		List<String> tables = jdbc.sql("""
				select table_name from information_schema.tables
				where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name
				""").query(String.class).list();
		for (String table : tables) {
			text.append("-- ").append(table).append('\n');
			jdbc.sql("select cast(t as text) from \"" + table.replace("\"", "\"\"") + "\" t")
				.query(String.class)
				.list()
				.forEach(row -> text.append(row).append('\n'));
		}
		return text.toString();
	}

	private static List<Path> candidates() {
		List<Path> found = new ArrayList<>();
		Path embedded = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
		if (Files.isDirectory(embedded)) {
			try (Stream<Path> dirs = Files.list(embedded)) {
				dirs.map(dir -> dir.resolve("bin").resolve("pg_dump")).filter(Files::isExecutable).forEach(found::add);
			}
			catch (IOException ex) {
				// none there
			}
		}
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path pgDump = Path.of(dir, "pg_dump");
			if (!dir.isEmpty() && Files.isExecutable(pgDump)) {
				found.add(pgDump);
			}
		}
		return found;
	}

	private static int major(Path pgDump) {
		String version = execute(List.of(pgDump.toString(), "--version"));
		Matcher matcher = VERSION.matcher((version != null) ? version : "");
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
	}

	private static String run(Path pgDump) {
		String url = TestDatabase.libpqUrl();
		String separator = url.contains("?") ? "&" : "?";
		return execute(
				List.of(pgDump.toString(), "--no-owner", "--dbname=" + url + separator + "user=" + TestDatabase.user()),
				TestDatabase.password());
	}

	private static String execute(List<String> command) {
		return execute(command, "");
	}

	private static String execute(List<String> command, String password) {
		try {
			Path out = Files.createTempFile("pg-dump", ".txt");
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD);
			// libpq's variable, so that the password stays off the command line
			builder.environment().put("PGPASSWORD", password);
			Process process = builder.start();
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return null;
			}
			String text = Files.readString(out, StandardCharsets.UTF_8);
			Files.delete(out);
			return (process.exitValue() == 0) ? text : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
