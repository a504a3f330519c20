package com.treasurybatch.jobs.inbox.handlers;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * The fields of a Stripe dispute object that the ledger needs (docs.stripe.com/api/disputes/object).
 *
 * @param id {@code du_...}
 * @param chargeId {@code ch_...}
 * @param paymentIntent {@code pi_...}, or null on disputes of charges made without one
 * @param amountCents the disputed amount, minor units, positive
 * @param currency lowercase ISO code
 * @param status e.g. {@code needs_response}, {@code won}, {@code lost}, {@code warning_closed}
 */
record StripeDispute(String id, String chargeId, String paymentIntent, long amountCents, String currency,
		String status) {

	/**
	 * Reads a dispute event's object.
	 * @param event a {@code charge.dispute.*} event
	 * @return the dispute
	 * @throws InapplicableEventException if it is not a dispute or lacks a field
	 */
	static StripeDispute from(ParsedStripeEvent event) {
		JsonNode dispute = event.object();
		EventJson.requireObjectType(dispute, "dispute");
		String id = EventJson.requireText(dispute, "id");
		long amount = EventJson.requireLong(dispute, "amount");
		if (amount <= 0) {
			throw new InapplicableEventException("Dispute " + id + " has amount " + amount);
		}
		return new StripeDispute(id, StripeIdField.id(dispute, "charge"), StripeIdField.id(dispute, "payment_intent"),
				amount, EventJson.requireText(dispute, "currency").toLowerCase(Locale.ROOT),
				EventJson.requireText(dispute, "status"));
	}

}
