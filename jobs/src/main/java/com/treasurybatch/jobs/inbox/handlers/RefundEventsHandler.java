package com.treasurybatch.jobs.inbox.handlers;

import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Books refunds from the events whose object is the refund itself: {@code refund.created}, {@code refund.updated},
 * {@code refund.failed} and {@code charge.refund.updated} (docs.stripe.com/api/events/types). Since API version
 * 2022-11-15 a charge no longer lists its refunds, so these, not {@code charge.refunded}, say which refund moved how
 * much ({@link RefundBooking}). Refunds on a connected account are IGNORED.
 */
@Component
class RefundEventsHandler implements EventHandler {

	private final RefundBooking refunds;

	RefundEventsHandler(RefundBooking refunds) {
		this.refunds = refunds;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("refund.created", "refund.updated", "refund.failed", "charge.refund.updated");
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		this.refunds.apply(event, event.object());
		return HandlerOutcome.PROCESSED;
	}

}
