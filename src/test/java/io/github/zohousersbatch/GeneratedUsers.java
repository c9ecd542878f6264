package io.github.zohousersbatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * An organisation in Zoho's format, served page by page from WireMock, for tests that
 * need more pages than the fixtures have: users {@code 0} to {@code count - 1}, user
 * {@code i} active unless {@code i % 4 == 3}. Variants list the same users with some
 * removed (the later ones move up the pages, as in Zoho's offset paging) or with one
 * listed twice.
 */
public final class GeneratedUsers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// the users as Zoho lists them, by index; the count Zoho reports
	private final List<Integer> listing;

	private final int count;

	private final int perPage;

	public GeneratedUsers(int count, int perPage) {
		this(IntStream.range(0, count).boxed().toList(), count, perPage);
	}

	private GeneratedUsers(List<Integer> listing, int count, int perPage) {
		this.listing = listing;
		this.count = count;
		this.perPage = perPage;
	}

	/** The same organisation after users {@code from} to {@code to - 1} were deleted. */
	public GeneratedUsers without(int from, int to) {
		List<Integer> kept = this.listing.stream().filter(i -> i < from || i >= to).toList();
		return new GeneratedUsers(kept, kept.size(), this.perPage);
	}

	/**
	 * The same organisation after user {@code index} was added in front of every other
	 * (the others move down).
	 */
	public GeneratedUsers withNewUserFirst(int index) {
		List<Integer> grown = new ArrayList<>(List.of(index));
		grown.addAll(this.listing);
		return new GeneratedUsers(grown, grown.size(), this.perPage);
	}

	/**
	 * A list that is not what Zoho counts: user {@code at} listed twice and the last user
	 * never, as Zoho's offset paging shows a list that moves under it.
	 */
	public GeneratedUsers withRepeatedUser(int at) {
		List<Integer> shifted = new ArrayList<>(this.listing.subList(0, at + 1));
		shifted.addAll(this.listing.subList(at, this.listing.size() - 1));
		return new GeneratedUsers(shifted, this.count, this.perPage);
	}

	/**
	 * The same list, with Zoho's count of users saying {@code count}: a count that does
	 * not equal what the listing returns.
	 */
	public GeneratedUsers withCount(int count) {
		return new GeneratedUsers(this.listing, count, this.perPage);
	}

	public int pages() {
		return (this.listing.size() + this.perPage - 1) / this.perPage;
	}

	public static String id(int index) {
		return Long.toString(5550868000000100000L + index);
	}

	/** Ids of the active users listed, in id order. */
	public List<String> activeIds() {
		return this.listing.stream().filter(i -> i % 4 != 3).distinct().sorted().map(GeneratedUsers::id).toList();
	}

	/**
	 * Stubs every page, each answering after {@code delayMillis}, 204 after the last, and
	 * the users count.
	 */
	public void stub(WireMockServer server, int delayMillis) {
		server.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json;charset=UTF-8")
			.withBody("{\"count\":" + this.count + "}")));
		for (int page = 1; page <= pages(); page++) {
			stubPage(server, page, delayMillis);
		}
		server.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo(String.valueOf(pages() + 1)))
			.willReturn(aResponse().withStatus(204)));
	}

	public void stubPage(WireMockServer server, int page, int delayMillis) {
		server.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo(String.valueOf(page)))
			.willReturn(pageResponse(page).withFixedDelay(delayMillis)));
	}

	/** Zoho's answer for page {@code page} of this list. */
	public ResponseDefinitionBuilder pageResponse(int page) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json;charset=UTF-8")
			.withBody(page(page));
	}

	String page(int page) {
		int from = (page - 1) * this.perPage;
		int to = Math.min(from + this.perPage, this.listing.size());
		List<Map<String, Object>> users = new ArrayList<>();
		for (int i = from; i < to; i++) {
			users.add(user(this.listing.get(i)));
		}
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("per_page", this.perPage);
		info.put("count", users.size());
		info.put("page", page);
		info.put("more_records", to < this.listing.size());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("users", users);
		body.put("info", info);
		return JSON.writeValueAsString(body);
	}

	private static Map<String, Object> user(int i) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("role", Map.of("name", (i % 2 == 0) ? "Manager" : "Sales Representative", "id",
				(i % 2 == 0) ? "5550868000000026008" : "5550868000000231811"));
		user.put("Isonline", false);
		user.put("id", id(i));
		user.put("first_name", "User");
		user.put("email", "user" + i + "@zylker.example");
		user.put("created_time", "2021-03-0" + (1 + i % 9) + "T10:00:00+05:30");
		user.put("Modified_Time", "2022-03-0" + (1 + i % 9) + "T10:00:00+05:30");
		user.put("profile", Map.of("name", (i % 3 == 0) ? "Administrator" : "Standard", "id",
				(i % 3 == 0) ? "5550868000000026011" : "5550868000000026014"));
		user.put("last_name", "Number " + i);
		user.put("time_zone", "Europe/Paris");
		user.put("confirm", i % 5 != 0);
		user.put("full_name", "User Number " + i);
		user.put("status", (i % 4 == 3) ? "disabled" : "active");
		user.put("type__s", "Regular User");
		return user;
	}

}
