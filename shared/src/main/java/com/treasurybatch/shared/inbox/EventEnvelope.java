package com.treasurybatch.shared.inbox;

import java.time.Instant;

/**
 * The envelope of a Stripe event: the top-level fields every event has, whatever its API version
 * (Stripe API reference, "The Event object"). The event's {@code data} stays in the raw payload.
 *
 * @param eventId Stripe event id, {@code evt_...}
 * @param type event type, e.g. {@code checkout.session.completed}; never empty
 * @param created when Stripe created the event (its {@code created}, unix seconds), as a UTC instant
 * @param apiVersion the API version the event was rendered with, e.g. {@code 2018-02-28} or
 * {@code 2026-04-22.dahlia}; {@code null} when absent
 * @param account Connect events: the connected account the event happened on ({@code acct_...}); {@code null}
 * for events of the platform account itself
 * @param livemode {@code true} for live-mode events, {@code false} for test mode (and when absent)
 */
public record EventEnvelope(String eventId, String type, Instant created, String apiVersion, String account,
		boolean livemode) {

	/** Checks the fields that are never absent. */
	public EventEnvelope {
		if (eventId == null || !eventId.startsWith(EventEnvelopeParser.EVENT_ID_PREFIX)) {
			throw new IllegalArgumentException("event id must start with evt_: " + eventId);
		}
		if (type == null || type.isEmpty()) {
			throw new IllegalArgumentException("event type is empty");
		}
		if (created == null) {
			throw new IllegalArgumentException("event created is missing");
		}
	}

}
