package com.treasurybatch.jobs.inbox.handlers;

import java.time.Instant;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.treasurybatch.shared.disputes.DisputeRecord;
import com.treasurybatch.shared.disputes.Disputes;

/**
 * Keeps {@code disputes} as the dispute events show them (docs.stripe.com/api/disputes/object): amount, reason,
 * status, {@code evidence_details.due_by}; an older event changes nothing. Called by every dispute handler.
 */
@Component
class DisputeRecords {

	private final Disputes disputes;

	DisputeRecords(Disputes disputes) {
		this.disputes = disputes;
	}

	/**
	 * Saves what the event shows of the dispute.
	 * @param event a {@code charge.dispute.*} event
	 * @param dispute its dispute
	 * @param saleKey the disputed sale's order key, or null when the handler did not look it up
	 */
	void record(ParsedStripeEvent event, StripeDispute dispute, String saleKey) {
		JsonNode object = event.object();
		String reason = EventJson.optionalText(object, "reason");
		JsonNode evidence = object.get("evidence_details");
		Instant dueBy = (evidence != null && evidence.hasNonNull("due_by"))
				? Instant.ofEpochSecond(evidence.get("due_by").asLong()) : null;
		Instant created = object.hasNonNull("created") ? Instant.ofEpochSecond(object.get("created").asLong())
				: event.created();
		this.disputes.saveIfNewer(new DisputeRecord(dispute.id(), dispute.chargeId(), dispute.paymentIntent(), saleKey,
				dispute.amountCents(), dispute.currency(), (reason != null) ? reason : "general", dispute.status(),
				dueBy, created, event.id(), event.created()));
	}

}
