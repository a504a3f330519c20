package com.treasurybatch.launcher.webhooks.passport;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.treasurybatch.shared.analytics.PassportEvent;
import com.treasurybatch.shared.analytics.PassportSchema;

/**
 * Reads a Passport delivery: one event (a JSON object) or a batch (a JSON array of 1 to
 * {@value PassportSchema#EVENTS_PER_DELIVERY_MAX} objects). An event:
 * <pre>
 * {"event_id": "pe_123", "type": "play", "timestamp": "2026-11-20T10:15:00Z" (or unix seconds), "user_id": "u_9",
 *  "artist_id": "art_1", "show_id": "show_7", "city": "Lisbon", "genre": "jazz", "value": 1,
 *  "metadata": {...}, "schema_version": "1"}
 * </pre>
 * {@code show_id} is the event id of the show, when there is one ({@code show_event_id} is read as well).
 * {@code value} is an integer: a count, or minor units (cents) for {@code revenue}. With a known schema version
 * every field is checked; with an unknown one only {@code event_id} is required, the rest is read as far as it
 * goes and the whole event is kept as its {@code metadata}, so that nothing sent is lost. A dimension value
 * {@code "*"} is refused (it means "all" in leaderboards). Thread-safe.
 */
final class PassportEventParser {

	/** Longest id or dimension value, in characters. */
	static final int TEXT_MAX_CHARS = 255;

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Parses a whole body.
	 * @return the events, in order, unflagged (staging classifies them)
	 * @throws InvalidPassportEventException if the body is not JSON, not an event or a batch of events, holds more
	 * than {@value PassportSchema#EVENTS_PER_DELIVERY_MAX}, or an event misses or mistypes a field: the reason
	 * names the event's index and the field
	 */
	List<PassportEvent> parse(byte[] body) throws InvalidPassportEventException {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidPassportEventException("body is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || root.isMissingNode()) {
			throw new InvalidPassportEventException("body is empty");
		}
		if (root.isObject()) {
			return List.of(event(root, -1));
		}
		if (!root.isArray()) {
			throw new InvalidPassportEventException("body must be an event (JSON object) or a batch (JSON array)");
		}
		if (root.isEmpty() || root.size() > PassportSchema.EVENTS_PER_DELIVERY_MAX) {
			throw new InvalidPassportEventException("a batch holds 1 to " + PassportSchema.EVENTS_PER_DELIVERY_MAX
					+ " events, got " + root.size());
		}
		List<PassportEvent> events = new ArrayList<>(root.size());
		for (int i = 0; i < root.size(); i++) {
			events.add(event(root.get(i), i));
		}
		return events;
	}

	private static PassportEvent event(JsonNode node, int index) throws InvalidPassportEventException {
		String where = (index < 0) ? "event" : "event [" + index + "]";
		if (!node.isObject()) {
			throw new InvalidPassportEventException(where + " is not a JSON object");
		}
		String eventId = text(node, "event_id", where, true);
		where = where + " " + eventId;
		String schemaVersion = scalar(node.get("schema_version"));
		boolean known = schemaVersion != null && PassportSchema.SCHEMA_VERSIONS.contains(schemaVersion);
		if (!known) {
			return lenient(node, eventId, (schemaVersion != null) ? schemaVersion : "");
		}
		String type = text(node, "type", where, true);
		Instant timestamp = timestamp(node.get("timestamp"), where);
		JsonNode value = node.get("value");
		if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new InvalidPassportEventException(where + ": value must be an integer (a count, or minor units for "
					+ "revenue), got " + ((value == null) ? "nothing" : value.toString()));
		}
		JsonNode metadata = node.get("metadata");
		if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
			throw new InvalidPassportEventException(where + ": metadata must be a JSON object");
		}
		return new PassportEvent(eventId, type, timestamp, text(node, "user_id", where, false),
				text(node, "artist_id", where, false), show(node, where), text(node, "city", where, false),
				text(node, "genre", where, false), value.longValue(),
				(metadata == null || metadata.isNull()) ? null : metadata.toString(), schemaVersion, null);
	}

	/** An event of a schema version this system does not know: kept whole, read as far as it goes. */
	private static PassportEvent lenient(JsonNode node, String eventId, String schemaVersion) {
		Instant timestamp;
		try {
			timestamp = timestamp(node.get("timestamp"), "");
		}
		catch (InvalidPassportEventException ex) {
			timestamp = Instant.EPOCH;
		}
		JsonNode value = node.get("value");
		String type = scalar(node.get("type"));
		return new PassportEvent(eventId, (type != null) ? truncate(type) : "", timestamp,
				truncateOrNull(scalar(node.get("user_id"))), clean(scalar(node.get("artist_id"))),
				clean(scalar((node.get("show_id") != null) ? node.get("show_id") : node.get("show_event_id"))),
				clean(scalar(node.get("city"))), clean(scalar(node.get("genre"))),
				(value != null && value.isIntegralNumber() && value.canConvertToLong()) ? value.longValue() : 0,
				node.toString(), truncate(schemaVersion), null);
	}

	private static String show(JsonNode node, String where) throws InvalidPassportEventException {
		String show = text(node, "show_id", where, false);
		return (show != null) ? show : text(node, "show_event_id", where, false);
	}

	private static Instant timestamp(JsonNode node, String where) throws InvalidPassportEventException {
		if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
			long seconds = node.longValue();
			if (seconds > 0 && seconds < 253_402_300_800L) {
				return Instant.ofEpochSecond(seconds);
			}
		}
		if (node != null && node.isString()) {
			try {
				return Instant.parse(node.asString());
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		throw new InvalidPassportEventException(where + ": timestamp must be an ISO-8601 instant "
				+ "(2026-11-20T10:15:00Z) or unix seconds, got " + ((node == null) ? "nothing" : node.toString()));
	}

	private static String text(JsonNode node, String field, String where, boolean required)
			throws InvalidPassportEventException {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw new InvalidPassportEventException(where + ": " + field + " is required");
			}
			return null;
		}
		if (!value.isString() && !value.isIntegralNumber()) {
			throw new InvalidPassportEventException(where + ": " + field + " must be a string");
		}
		String text = value.asString();
		if ((required && text.isEmpty()) || text.length() > TEXT_MAX_CHARS) {
			throw new InvalidPassportEventException(
					where + ": " + field + " must be 1 to " + TEXT_MAX_CHARS + " characters");
		}
		if (PassportSchema.ALL.equals(text)) {
			throw new InvalidPassportEventException(where + ": " + field + " cannot be \"*\" (it means all)");
		}
		return text;
	}

	private static String scalar(JsonNode node) {
		return (node != null && node.isValueNode() && !node.isNull()) ? node.asString() : null;
	}

	private static String clean(String value) {
		return (value == null || PassportSchema.ALL.equals(value)) ? "" : truncate(value);
	}

	private static String truncateOrNull(String value) {
		return (value == null) ? null : truncate(value);
	}

	private static String truncate(String value) {
		return (value.length() > TEXT_MAX_CHARS) ? value.substring(0, TEXT_MAX_CHARS) : value;
	}

}
