package io.github.zohousersbatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.WireMock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zoho's list of users as a test changes it between runs: starts from the fixtures
 * {@code users-page-1.json} to {@code users-page-4.json} (18 users, 10 active), lets a
 * test edit, remove or add users, and serves the result on WireMock in pages of 5 with
 * the matching users count, as Zoho pages a list that changed (later users move up).
 */
public final class ZohoUsersListing {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int PER_PAGE = 5;

	private final List<ObjectNode> users = new ArrayList<>();

	/** The users of the four fixture pages, in their order. */
	public static ZohoUsersListing fromFixtures() {
		ZohoUsersListing listing = new ZohoUsersListing();
		for (int page = 1; page <= 4; page++) {
			for (JsonNode user : JSON.readTree(ZohoWireMock.fixture("users-page-" + page + ".json")).path("users")) {
				listing.users.add((ObjectNode) user);
			}
		}
		return listing;
	}

	/** Changes the user with this id (the last digits suffice, e.g. {@code "225013"}). */
	public ZohoUsersListing edit(String id, Consumer<ObjectNode> change) {
		change.accept(user(id));
		return this;
	}

	/** Sets a top-level text field of the user. */
	public ZohoUsersListing set(String id, String field, String value) {
		return edit(id, user -> user.put(field, value));
	}

	/** Gives the user another profile or role ({@code "profile"}, {@code "role"}). */
	public ZohoUsersListing move(String id, String reference, String newId, String newName) {
		return edit(id, user -> {
			ObjectNode to = user.putObject(reference);
			to.put("name", newName);
			to.put("id", newId);
		});
	}

	/** Zoho no longer lists the user. */
	public ZohoUsersListing remove(String id) {
		this.users.remove(user(id));
		return this;
	}

	/** The users' ids, in Zoho's order. */
	public List<String> ids() {
		return this.users.stream().map(user -> user.path("id").asString()).toList();
	}

	/** Serves the list on WireMock, in pages of 5, with its users count. */
	public void stub(ZohoFixture fixture) {
		int pages = Math.max(1, (this.users.size() + PER_PAGE - 1) / PER_PAGE);
		for (int page = 1; page <= pages; page++) {
			List<ObjectNode> slice = this.users.subList(Math.min((page - 1) * PER_PAGE, this.users.size()),
					Math.min(page * PER_PAGE, this.users.size()));
			ObjectNode body = JSON.createObjectNode();
			ArrayNode array = body.putArray("users");
			slice.forEach(array::add);
			ObjectNode info = body.putObject("info");
			info.put("per_page", PER_PAGE);
			info.put("count", slice.size());
			info.put("page", page);
			info.put("more_records", page < pages);
			fixture.stubPage(page, ZohoWireMock.json("users-page-1.json").withBody(JSON.writeValueAsString(body)));
		}
		// past the last page, as Zoho answers: no content (and no stub of a longer list
		// left)
		for (int page = pages + 1; page <= pages + 4; page++) {
			fixture.stubPage(page, WireMock.aResponse().withStatus(204));
		}
		ZohoWireMock.stubUsersCount(this.users.size());
	}

	private ObjectNode user(String id) {
		return this.users.stream()
			.filter(user -> user.path("id").asString().endsWith(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No user " + id + " in " + ids()));
	}

}
