package com.treasurybatch.jobs.inbox;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Stripe event read as plain JSON, whatever its API version (typed stripe-java classes only read events of
 * their own API version).
 *
 * @param id {@code evt_...}
 * @param type e.g. {@code checkout.session.completed}
 * @param account the connected account of a Connect event ({@code acct_...}), or null for the platform's own
 * @param created when Stripe created the event (UTC, whole seconds)
 * @param object {@code data.object}: the Stripe object the event is about
 */
record StripeEvent(String id, String type, String account, Instant created, JsonNode object) {

	/**
	 * Parses an inbox row's payload and checks it against the row.
	 * @param row the inbox row
	 * @param mapper JSON mapper
	 * @return the event
	 * @throws InvalidEventException if the payload is not a Stripe event or disagrees with its row
	 */
	static StripeEvent parse(InboxEvent row, ObjectMapper mapper) {
		JsonNode root;
		try {
			root = mapper.readTree(row.payload());
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("Payload of " + row.eventId() + " is not JSON: " + ex.getOriginalMessage(),
					ex);
		}
		if (root == null || !root.isObject()) {
			throw new InvalidEventException("Payload of " + row.eventId() + " is not a JSON object");
		}
		String id = EventJson.requireText(root, "id");
		String type = EventJson.requireText(root, "type");
		if (!id.equals(row.eventId()) || !type.equals(row.type())) {
			throw new InvalidEventException("Payload says " + id + " " + type + " but the inbox row says "
					+ row.eventId() + " " + row.type());
		}
		JsonNode object = root.path("data").path("object");
		if (!object.isObject()) {
			throw new InvalidEventException("Event " + id + " has no data.object");
		}
		return new StripeEvent(id, type, EventJson.optionalText(root, "account"),
				Instant.ofEpochSecond(EventJson.requireLong(root, "created")), object);
	}

}
