package com.treasurybatch.shared.disputes;

import java.time.Instant;

/**
 * A dispute as the last applied event showed it (docs.stripe.com/api/disputes/object).
 *
 * @param disputeId {@code du_...}
 * @param chargeId {@code ch_...}
 * @param paymentIntent {@code pi_...}, or null
 * @param saleKey the disputed sale's order key, or null until a handler that found the sale saw it
 * @param amountCents disputed minor units
 * @param currency lowercase ISO 4217
 * @param reason Stripe's {@code reason}, e.g. {@code product_not_received}
 * @param status Stripe's {@code status}, e.g. {@code needs_response}, {@code under_review}, {@code won}
 * @param evidenceDueBy {@code evidence_details.due_by} (UTC), or null
 * @param stripeCreated the dispute's {@code created} (UTC)
 * @param lastEventId the event applied last
 * @param lastEventAt its {@code created} (UTC): older events change nothing
 */
public record DisputeRecord(String disputeId, String chargeId, String paymentIntent, String saleKey, long amountCents,
		String currency, String reason, String status, Instant evidenceDueBy, Instant stripeCreated,
		String lastEventId, Instant lastEventAt) {

	/**
	 * Whether Stripe still waits for the platform's evidence ({@code needs_response}, {@code warning_needs_response}).
	 * @return true while a response is due
	 */
	public boolean needsResponse() {
		return "needs_response".equals(this.status) || "warning_needs_response".equals(this.status);
	}

}
