package io.github.zohousersbatch.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of the Grafana dashboard in {@code jobs/grafana}: every panel's queries and
 * the template variables', and the metric names they use.
 */
final class DashboardQueries {

	static final Path DASHBOARD = Path.of("jobs/grafana/zoho-users-batch.json");

	// PromQL functions, aggregations and keywords the dashboard may use; any other
	// identifier outside label matchers, strings and ranges is a metric name
	private static final Set<String> PROMQL = Set.of("sum", "avg", "min", "max", "count", "by", "without", "on",
			"ignoring", "group_left", "group_right", "and", "or", "unless", "rate", "irate", "increase", "changes",
			"time", "label_values", "max_over_time", "last_over_time", "clamp_min", "offset");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private DashboardQueries() {
	}

	static List<String> queries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> {
			queries.add(target.get("expr").asString());
		}));
		dashboard.get("templating").get("list").forEach(variable -> {
			if ("query".equals(variable.get("type").asString())) {
				queries.add(variable.get("query").get("query").asString());
			}
		});
		return queries;
	}

	/** The metric names one query uses. */
	static Set<String> metricNames(String query) {
		String bare = query.replaceAll("\"[^\"]*\"", "")
			.replaceAll("\\{[^}]*\\}", "")
			.replaceAll("\\[[^]]*\\]", "")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
			.replaceAll("label_values\\(([^,]+),[^)]*\\)", "$1");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(bare);
		while (matcher.find()) {
			if (!PROMQL.contains(matcher.group())) {
				names.add(matcher.group());
			}
		}
		return names;
	}

	/** The metric names of a scrape in the Prometheus text format. */
	static Set<String> emitted(String scrape) {
		Set<String> names = new TreeSet<>();
		scrape.lines()
			.filter(line -> !line.isBlank() && !line.startsWith("#"))
			.map(line -> line.replaceAll("[{ ].*$", ""))
			.forEach(names::add);
		return names;
	}

}
