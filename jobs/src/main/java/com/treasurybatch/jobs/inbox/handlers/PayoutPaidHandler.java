package com.treasurybatch.jobs.inbox.handlers;

import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.Payouts;

/**
 * Follows {@code payout.paid} on connected accounts (docs.stripe.com/api/events/types#event_types-payout.paid;
 * docs.stripe.com/connect/payouts-connected-accounts): the payout row becomes PAID. No journal: the payee's
 * payable was settled when the transfer was made. A late {@code payout.paid} (the row already FAILED or
 * REVERSED) changes nothing. The platform's own payouts (no top-level {@code account}) and payouts that are not
 * ours ({@link PayoutMatch}) are IGNORED.
 */
@Component
class PayoutPaidHandler implements EventHandler {

	static final String PAYOUT_PAID = "payout.paid";

	private static final Log logger = LogFactory.getLog(PayoutPaidHandler.class);

	private final Payouts payouts;

	private final PayoutMatch match;

	PayoutPaidHandler(Payouts payouts, PayoutMatch match) {
		this.payouts = payouts;
		this.match = match;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(PAYOUT_PAID);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		Optional<PayoutMatch.MatchedPayout> found = this.match.forPayoutEvent(event);
		if (found.isEmpty()) {
			return HandlerOutcome.IGNORED;
		}
		Payout payout = found.get().row();
		if (!this.payouts.markPaid(payout.id(), found.get().stripe().id())) {
			logger.info("payout.paid " + event.id() + " for payout row " + payout.id() + " in status "
					+ payout.status() + ": nothing to change");
		}
		return HandlerOutcome.PROCESSED;
	}

}
