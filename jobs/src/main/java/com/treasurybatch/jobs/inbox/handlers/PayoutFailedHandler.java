package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutStatus;
import com.treasurybatch.shared.payouts.Payouts;

/**
 * Follows {@code payout.failed} on connected accounts (docs.stripe.com/api/events/types#event_types-payout.failed,
 * docs.stripe.com/payouts#payout-failures: the funds return to the connected account's Stripe balance, sometimes
 * days after the payout was reported paid). One journal of kind {@value #JOURNAL_KIND}, sourced by the payout id:
 * <pre>
 * Dr platform:payouts_returned   the payout amount, sitting in the payee's Stripe balance
 * Cr payable:acct_...            owed to the payee again
 * </pre>
 * The row becomes FAILED with Stripe's failure code and message, and a WARNING alert {@code payout_failed} is
 * raised. The platform's own payouts and payouts that are not ours are IGNORED.
 */
@Component
class PayoutFailedHandler implements EventHandler {

	static final String PAYOUT_FAILED = "payout.failed";

	/** The kind of a failed payout's return journal. */
	static final String JOURNAL_KIND = "payout_failed";

	private final Ledger ledger;

	private final Payouts payouts;

	private final PayoutMatch match;

	private final Alerts alerts;

	PayoutFailedHandler(Ledger ledger, Payouts payouts, PayoutMatch match, Alerts alerts) {
		this.ledger = ledger;
		this.payouts = payouts;
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
		if (payout.failureJournalId() != null || payout.status() == PayoutStatus.REVERSED) {
			return HandlerOutcome.PROCESSED;
		}
		if (!stripePayout.currency().equals(payout.currency())) {
			throw new InapplicableEventException("Payout " + stripePayout.id() + " is in " + stripePayout.currency()
					+ " but payout row " + payout.id() + " in " + payout.currency());
		}
		long returned = stripePayout.amountCents();
		long journalId = this.ledger.post(JournalEntry.of(JOURNAL_KIND, stripePayout.id(),
				"payout " + stripePayout.id() + " (payout row " + payout.id() + ") to " + payout.payeeAccount()
						+ " failed: " + returned + " " + payout.currency() + " back in the payee's Stripe balance",
				event.created(),
				List.of(JournalLine.debit(LedgerAccounts.PLATFORM_PAYOUTS_RETURNED, returned, payout.currency()),
						JournalLine.credit(LedgerAccounts.payable(payout.payeeAccount()), returned, payout.currency()))))
			.orElseThrow(() -> new IllegalStateException("Return journal of " + stripePayout.id()
					+ " exists but payout row " + payout.id() + " does not reference it"));
		String code = (stripePayout.failureCode() != null) ? stripePayout.failureCode() : "unknown";
		if (!this.payouts.markPayoutFailed(payout.id(), stripePayout.id(), code, stripePayout.failureMessage(),
				journalId)) {
			throw new IllegalStateException("Payout row " + payout.id() + " in " + payout.status()
					+ " refused payout.failed under its lock");
		}
		this.alerts.raise(Severity.WARNING, "payout_failed", payout.payeeAccount(),
				"Payout " + stripePayout.id() + " of " + returned + " " + payout.currency() + " to "
						+ payout.payeeAccount() + " failed (" + code + "): back in their payable; the payee must fix "
						+ "their bank details before the next payout",
				"payout_failed:" + stripePayout.id());
		return HandlerOutcome.PROCESSED;
	}

}
