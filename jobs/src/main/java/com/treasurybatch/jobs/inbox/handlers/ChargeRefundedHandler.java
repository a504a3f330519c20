package com.treasurybatch.jobs.inbox.handlers;

import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code charge.refunded} (docs.stripe.com/api/events/types#event_types-charge.refunded). Since API version
 * 2022-11-15 the charge in it no longer lists its refunds (docs.stripe.com/changelog/2022-11-15), so it cannot say
 * which refund moved how much: refunds are booked from {@code refund.created} / {@code refund.updated}
 * ({@link RefundEventsHandler}), and such an event is IGNORED. An event of an older API version that still carries
 * {@code refunds.data} books each listed refund through the same {@link RefundBooking}, under its real id, so the two
 * event types never book a refund twice.
 */
@Component
class ChargeRefundedHandler implements EventHandler {

	static final String CHARGE_REFUNDED = "charge.refunded";

	private final RefundBooking refunds;

	ChargeRefundedHandler(RefundBooking refunds) {
		this.refunds = refunds;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(CHARGE_REFUNDED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		JsonNode charge = event.object();
		EventJson.requireObjectType(charge, "charge");
		JsonNode listed = charge.path("refunds").path("data");
		if (!listed.isArray() || listed.isEmpty()) {
			return HandlerOutcome.IGNORED;
		}
		for (JsonNode refund : listed) {
			this.refunds.apply(event, refund);
		}
		return HandlerOutcome.PROCESSED;
	}

}
