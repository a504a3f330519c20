package com.treasurybatch.shared.inbox;

import java.time.Instant;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the envelope of a Stripe event from its raw JSON bytes, and only the envelope: {@code object} must be
 * {@code "event"}, {@code id} must start with {@code evt_}, {@code type} a non-empty string, {@code created} an
 * integer (unix seconds); {@code api_version}, {@code account} and {@code livemode} are optional. Every API
 * version is accepted: the rest of the event is checked to be well-formed JSON that PostgreSQL's {@code jsonb}
 * can store, never deserialised into typed objects (stripe-java's typed events only fit its own API version).
 *
 * <p>Shapes follow the Stripe API reference, "The Event object" (docs.stripe.com/api/events/object). Thread-safe:
 * one instance serves every request.
 */
public final class EventEnvelopeParser {

	/** Every Stripe event id starts with this. */
	public static final String EVENT_ID_PREFIX = "evt_";

	/** Longest accepted event id, in characters (Stripe's are about 30). */
	public static final int EVENT_ID_MAX_CHARS = 255;

	/** Longest accepted event type, in characters (Stripe's are under 60). */
	public static final int TYPE_MAX_CHARS = 255;

	/** Deepest accepted nesting of objects and arrays (Stripe events nest about 10 deep). */
	public static final int NESTING_DEPTH_MAX = 256;

	/** Latest accepted {@code created}: 9999-12-31T23:59:59Z in unix seconds, the end of PostgreSQL's usual range. */
	private static final long CREATED_MAX_EPOCH_SECONDS = 253_402_300_799L;

	private static final int ID = 1;

	private static final int OBJECT = 2;

	private static final int TYPE = 4;

	private static final int CREATED = 8;

	private static final int API_VERSION = 16;

	private static final int ACCOUNT = 32;

	private static final int LIVEMODE = 64;

	private final JsonFactory factory = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(NESTING_DEPTH_MAX).build())
		.build();

	/**
	 * Parses a whole payload.
	 * @param json the raw request body, UTF-8 JSON
	 * @return the envelope
	 * @throws InvalidEventException with a one-line reason if the bytes are not JSON, or not a Stripe event
	 */
	public EventEnvelope parse(byte[] json) {
		return parse(json, 0, json.length);
	}

	/**
	 * Parses {@code length} bytes of {@code json} from {@code offset}.
	 * @param json buffer holding UTF-8 JSON
	 * @param offset index of the first byte of the payload
	 * @param length payload length in bytes
	 * @return the envelope
	 * @throws InvalidEventException with a one-line reason if the bytes are not JSON, or not a Stripe event
	 */
	public EventEnvelope parse(byte[] json, int offset, int length) {
		return parse(json, offset, length, null);
	}

	/**
	 * Parses a whole payload as {@link #parse(byte[])} does and, in the same pass over the bytes, hands the parser
	 * to {@code dataReader} positioned on the value of the top-level {@code data} field: the reader must consume
	 * that value whole (e.g. {@code mapper.readTree(parser)}). Not called when the payload has no {@code data}.
	 * @param json UTF-8 JSON
	 * @param dataReader reads the value of {@code data}; a {@link JacksonException} it throws is a payload that is
	 * not JSON
	 * @return the envelope
	 * @throws InvalidEventException with a one-line reason if the bytes are not JSON, or not a Stripe event
	 */
	public EventEnvelope parse(byte[] json, Consumer<JsonParser> dataReader) {
		return parse(json, 0, json.length, dataReader);
	}

	private EventEnvelope parse(byte[] json, int offset, int length, Consumer<JsonParser> dataReader) {
		JsonbCompatibility.check(json, offset, length);
		Fields fields = new Fields();
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), json, offset, length)) {
			JsonToken root = parser.nextToken();
			if (root == null) {
				throw notJson("body is empty");
			}
			if (root != JsonToken.START_OBJECT) {
				parser.skipChildren();
				requireEnd(parser);
				throw notAnEvent("top-level JSON value is " + describe(root) + ", not an event object");
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken value = parser.nextToken();
				if (dataReader != null && "data".equals(name)) {
					dataReader.accept(parser);
				}
				else {
					readField(parser, name, value, fields);
				}
			}
			requireEnd(parser);
		}
		catch (JacksonException ex) {
			throw notJson("body is not JSON: " + oneLine(ex));
		}
		return fields.toEnvelope();
	}

	private static void readField(JsonParser parser, String name, JsonToken value, Fields fields) {
		switch (name) {
			case "id" -> fields.id = requiredString(parser, fields, ID, name, value);
			case "object" -> fields.object = requiredString(parser, fields, OBJECT, name, value);
			case "type" -> fields.type = requiredString(parser, fields, TYPE, name, value);
			case "created" -> fields.created = created(parser, fields, value);
			case "api_version" -> fields.apiVersion = optionalString(parser, fields, API_VERSION, name, value);
			case "account" -> fields.account = optionalString(parser, fields, ACCOUNT, name, value);
			case "livemode" -> fields.livemode = livemode(fields, value);
			default -> parser.skipChildren();
		}
	}

	private static String requiredString(JsonParser parser, Fields fields, int field, String name, JsonToken value) {
		fields.see(field, name);
		if (value != JsonToken.VALUE_STRING) {
			throw notAnEvent("\"" + name + "\" must be a string, is " + describe(value));
		}
		return parser.getString();
	}

	private static String optionalString(JsonParser parser, Fields fields, int field, String name, JsonToken value) {
		fields.see(field, name);
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		if (value != JsonToken.VALUE_STRING) {
			throw notAnEvent("\"" + name + "\" must be a string or null, is " + describe(value));
		}
		return parser.getString();
	}

	private static Instant created(JsonParser parser, Fields fields, JsonToken value) {
		fields.see(CREATED, "created");
		if (value != JsonToken.VALUE_NUMBER_INT) {
			throw notAnEvent("\"created\" must be an integer (unix seconds), is " + describe(value));
		}
		JsonParser.NumberType numberType = parser.getNumberType();
		long seconds = (numberType == JsonParser.NumberType.INT || numberType == JsonParser.NumberType.LONG)
				? parser.getLongValue() : -1;
		if (seconds <= 0 || seconds > CREATED_MAX_EPOCH_SECONDS) {
			throw notAnEvent("\"created\" " + parser.getText() + " is not a plausible unix time in seconds");
		}
		return Instant.ofEpochSecond(seconds);
	}

	private static boolean livemode(Fields fields, JsonToken value) {
		fields.see(LIVEMODE, "livemode");
		if (value == JsonToken.VALUE_TRUE) {
			return true;
		}
		if (value == JsonToken.VALUE_FALSE || value == JsonToken.VALUE_NULL) {
			return false;
		}
		throw notAnEvent("\"livemode\" must be a boolean, is " + describe(value));
	}

	private static void requireEnd(JsonParser parser) {
		JsonToken trailing = parser.nextToken();
		if (trailing != null) {
			throw notJson("body is not JSON: unexpected " + describe(trailing) + " after the top-level value");
		}
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name().toLowerCase(java.util.Locale.ROOT);
		};
	}

	private static String oneLine(JacksonException ex) {
		String message = ex.getOriginalMessage();
		message = (message == null) ? ex.getClass().getSimpleName() : message;
		int newline = message.indexOf('\n');
		message = ((newline >= 0) ? message.substring(0, newline) : message).strip();
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
		}
		return message;
	}

	static InvalidEventException notJson(String reason) {
		return new InvalidEventException(InvalidEventException.Kind.NOT_JSON, reason);
	}

	static InvalidEventException notAnEvent(String reason) {
		return new InvalidEventException(InvalidEventException.Kind.NOT_AN_EVENT, reason);
	}

	/** The envelope fields as read so far; each may appear once. */
	private static final class Fields {

		int seen;

		String id;

		String object;

		String type;

		Instant created;

		String apiVersion;

		String account;

		boolean livemode;

		void see(int field, String name) {
			if ((this.seen & field) != 0) {
				throw notAnEvent("\"" + name + "\" appears twice");
			}
			this.seen |= field;
		}

		EventEnvelope toEnvelope() {
			if (this.object == null) {
				throw notAnEvent("\"object\" is missing: not a Stripe event");
			}
			if (!"event".equals(this.object)) {
				throw notAnEvent("\"object\" is \"" + abbreviate(this.object) + "\", expected \"event\"");
			}
			if (this.id == null) {
				throw notAnEvent("\"id\" is missing");
			}
			if (!this.id.startsWith(EVENT_ID_PREFIX) || this.id.length() == EVENT_ID_PREFIX.length()) {
				throw notAnEvent("\"id\" \"" + abbreviate(this.id) + "\" does not look like evt_...");
			}
			if (this.id.length() > EVENT_ID_MAX_CHARS) {
				throw notAnEvent("\"id\" is longer than " + EVENT_ID_MAX_CHARS + " characters");
			}
			if (this.type == null || this.type.isBlank()) {
				throw notAnEvent("\"type\" is missing or empty");
			}
			if (this.type.length() > TYPE_MAX_CHARS) {
				throw notAnEvent("\"type\" is longer than " + TYPE_MAX_CHARS + " characters");
			}
			if (this.created == null) {
				throw notAnEvent("\"created\" is missing");
			}
			return new EventEnvelope(this.id, this.type, this.created, this.apiVersion, this.account, this.livemode);
		}

		private static String abbreviate(String value) {
			String printable = value.replaceAll("\\p{Cntrl}", "?");
			return (printable.length() <= 40) ? printable : printable.substring(0, 40) + "...";
		}

	}

}
