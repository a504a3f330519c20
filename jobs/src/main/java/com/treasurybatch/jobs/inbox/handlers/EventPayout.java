package com.treasurybatch.jobs.inbox.handlers;

import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The fields of a Stripe payout object that the payout rows need (docs.stripe.com/api/payouts/object). On a
 * Connect event it is a payout of the connected account named by the event's top-level {@code account}.
 *
 * @param id {@code po_...}
 * @param amountCents minor units, positive
 * @param currency lowercase ISO code
 * @param failureCode Stripe's {@code failure_code}, or null
 * @param failureMessage Stripe's {@code failure_message}, or null
 * @param metadata the payout's metadata
 */
record EventPayout(String id, long amountCents, String currency, String failureCode, String failureMessage,
		Map<String, String> metadata) {

	/**
	 * Reads a payout event's object.
	 * @param event a {@code payout.*} event
	 * @return the payout
	 * @throws InapplicableEventException if it is not a payout or lacks a field
	 */
	static EventPayout from(ParsedStripeEvent event) {
		JsonNode payout = event.object();
		EventJson.requireObjectType(payout, "payout");
		String id = EventJson.requireText(payout, "id");
		long amount = EventJson.requireLong(payout, "amount");
		if (amount <= 0) {
			throw new InapplicableEventException("Payout " + id + " has amount " + amount);
		}
		return new EventPayout(id, amount, EventJson.requireText(payout, "currency").toLowerCase(Locale.ROOT),
				EventJson.optionalText(payout, "failure_code"), EventJson.optionalText(payout, "failure_message"),
				EventJson.metadata(payout));
	}

}
