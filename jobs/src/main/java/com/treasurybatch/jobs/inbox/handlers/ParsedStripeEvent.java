package com.treasurybatch.jobs.inbox.handlers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.MissingNode;

import com.treasurybatch.shared.inbox.ClaimedInboxRow;
import com.treasurybatch.shared.inbox.EventEnvelope;
import com.treasurybatch.shared.inbox.EventEnvelopeParser;
import com.treasurybatch.shared.inbox.InvalidEventException;

/**
 * A claimed inbox row's Stripe event as the handlers read it: its envelope, read by the one
 * {@link EventEnvelopeParser}, and its {@code data.object} as plain JSON, whatever its API version (typed
 * stripe-java classes only read events of their own API version; docs.stripe.com/api/events/object).
 *
 * @param id {@code evt_...}
 * @param type e.g. {@code checkout.session.completed}
 * @param account the connected account of a Connect event ({@code acct_...}), or null for the platform's own
 * @param created when Stripe created the event (UTC, whole seconds)
 * @param object {@code data.object}: the Stripe object the event is about
 */
public record ParsedStripeEvent(String id, String type, String account, Instant created, JsonNode object) {

	/**
	 * Parses an inbox row's payload and checks it against the row.
	 * @param row the claimed inbox row
	 * @param envelopeParser reads and checks the event's envelope
	 * @param dataReader reads the event's {@code data} as a tree ({@link #dataReader(ObjectMapper)}, made once)
	 * @return the event
	 * @throws InapplicableEventException if the payload is not a Stripe event or disagrees with its row
	 */
	public static ParsedStripeEvent parse(ClaimedInboxRow row, EventEnvelopeParser envelopeParser,
			ObjectReader dataReader) {
		byte[] json = row.payload().getBytes(StandardCharsets.UTF_8);
		DataField data = new DataField();
		EventEnvelope envelope;
		try {
			// one pass: the envelope's fields and data as a tree
			envelope = envelopeParser.parse(json, (parser) -> data.value = dataReader.readValue(parser));
		}
		catch (InvalidEventException ex) {
			throw new InapplicableEventException("Payload of " + row.eventId() + " is not a Stripe event: "
					+ ex.reason(), ex);
		}
		if (!envelope.eventId().equals(row.eventId()) || !envelope.type().equals(row.type())) {
			throw new InapplicableEventException("Payload says " + envelope.eventId() + " " + envelope.type()
					+ " but the inbox row says " + row.eventId() + " " + row.type());
		}
		JsonNode object = (data.value != null) ? data.value.path("object") : MissingNode.getInstance();
		if (!object.isObject()) {
			throw new InapplicableEventException("Event " + envelope.eventId() + " has no data.object");
		}
		return new ParsedStripeEvent(envelope.eventId(), envelope.type(), envelope.account(), envelope.created(),
				object);
	}

	/**
	 * The reader {@link #parse} needs: the tree of {@code data} alone, with no complaint about the tokens after it
	 * (the parser goes on past {@code data}, to the envelope's remaining fields).
	 * @param mapper the application's JSON mapper
	 * @return a reader to keep and share (thread-safe)
	 */
	public static ObjectReader dataReader(ObjectMapper mapper) {
		return mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/** The value of the event's {@code data} field, once read. */
	private static final class DataField {

		JsonNode value;

	}

}
