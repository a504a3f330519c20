package com.treasurybatch.jobs.inbox.handlers;

import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Books the money Stripe moves during a dispute: {@code charge.dispute.funds_withdrawn} (the disputed amount and
 * the dispute fee leave the balance), {@code charge.dispute.funds_reinstated} (they come back, the dispute won) and
 * {@code charge.dispute.updated} (docs.stripe.com/api/events/types, docs.stripe.com/disputes/how-disputes-work), from
 * the balance transactions the dispute lists ({@link DisputeFunds}). Needs no booked sale: the money moved at Stripe
 * whatever the ledger knows of the sale. A connected account's disputes are IGNORED.
 */
@Component
class DisputeFundsHandler implements EventHandler {

	private final DisputeFunds funds;

	DisputeFundsHandler(DisputeFunds funds) {
		this.funds = funds;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated", "charge.dispute.updated");
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		StripeDispute dispute = StripeDispute.from(event);
		this.funds.book(dispute.id(), event.object());
		return HandlerOutcome.PROCESSED;
	}

}
