package com.treasurybatch.jobs.inbox.handlers;

import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutFailures;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

/**
 * Follows {@code payout.failed} on connected accounts (docs.stripe.com/api/events/types#event_types-payout.failed,
 * docs.stripe.com/payouts#payout-failures: the funds return to the connected account's Stripe balance, sometimes
 * days after the payout was reported paid). For a payout we made (instant payouts): the row becomes FAILED with
 * Stripe's failure code and message, a {@link PayoutFailures} row OPEN records the returned amount, and a WARNING
 * alert {@code payout_failed} is raised. No journal: the money is still the payee's, at Stripe; crediting their
 * payable again would let the next night transfer it a second time while Stripe also pays it out. The
 * instant-payouts job then reverses the transfer, and {@code transfer.reversed} credits the payable.
 *
 * <p>Stripe's automatic payouts of a connected account (the nightly money) are not ours and are IGNORED: Stripe
 * stops the account's scheduled payouts and pays the returned funds with the next one once the external account is
 * updated. The platform's own payouts are IGNORED too. A failure recorded before (a redelivery, or the old
 * {@code payout_failed} return journal) is not recorded again.
 */
@Component
class PayoutFailedHandler implements EventHandler {

	static final String PAYOUT_FAILED = "payout.failed";

	private final Payouts payouts;

	private final PayoutFailures failures;

	private final PayoutMatch match;

	private final Alerts alerts;

	PayoutFailedHandler(Payouts payouts, PayoutFailures failures, PayoutMatch match, Alerts alerts) {
		this.payouts = payouts;
		this.failures = failures;
		this.match = match;
		this.alerts = alerts;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(PAYOUT_FAILED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		Optional<PayoutMatch.MatchedPayout> found = this.match.forPayoutEvent(event);
		if (found.isEmpty()) {
			return HandlerOutcome.IGNORED;
		}
		EventPayout stripePayout = found.get().stripe();
		Payout payout = found.get().row();
		if (payout.failureJournalId() != null || payout.status() == PayoutStatus.REVERSED
				|| this.failures.find(stripePayout.id()).isPresent()) {
			return HandlerOutcome.PROCESSED;
		}
		if (!stripePayout.currency().equals(payout.currency())) {
			throw new InapplicableEventException("Payout " + stripePayout.id() + " is in " + stripePayout.currency()
					+ " but payout row " + payout.id() + " in " + payout.currency());
		}
		long returned = stripePayout.amountCents();
		String code = (stripePayout.failureCode() != null) ? stripePayout.failureCode() : "unknown";
		if (!this.payouts.markBankPayoutFailed(payout.id(), stripePayout.id(), code, stripePayout.failureMessage())) {
			throw new IllegalStateException("Payout row " + payout.id() + " in " + payout.status()
					+ " refused payout.failed under its lock");
		}
		this.failures.record(stripePayout.id(), payout, returned, code, stripePayout.failureMessage(),
				event.created());
		this.alerts.raise(Severity.WARNING, "payout_failed", payout.payeeAccount(),
				"Payout " + stripePayout.id() + " of " + returned + " " + payout.currency() + " to "
						+ payout.payeeAccount() + " failed (" + code + "): the funds are back in the payee's Stripe "
						+ "balance; instant-payouts reverses the transfer and the payable is credited when Stripe "
						+ "confirms it (`payouts failed` lists it)",
				"payout_failed:" + stripePayout.id());
		return HandlerOutcome.PROCESSED;
	}

}
