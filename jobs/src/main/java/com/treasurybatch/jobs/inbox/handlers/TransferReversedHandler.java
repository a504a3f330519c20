package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

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
 * Books transfer reversals: {@code transfer.reversed} (docs.stripe.com/connect/separate-charges-and-transfers,
 * docs.stripe.com/api/transfer_reversals; the transfer's {@code amount_reversed} is cumulative). A transfer is a
 * platform object: the event usually has no top-level {@code account}; it is accepted either way.
 *
 * <p>Each reversal is one journal of kind {@value #JOURNAL_KIND}, sourced by the reversal id ({@code trr_...},
 * from {@code reversals.data}; otherwise {@code <transfer id>:reversed:<amount_reversed>}):
 * <pre>
 * Dr platform:cash          the reversed amount, back in the platform's balance
 * Cr payable:acct_...       owed to the payee again (or Cr platform:payouts_returned when the payout had failed
 *                           and its return journal already made the payee's payable whole)
 * </pre>
 * The payout row records the cumulative amount and becomes REVERSED when it is whole. WARNING alert
 * {@code transfer_reversed}. Transfers that are not ours are IGNORED ({@link PayoutMatch}).
 */
@Component
class TransferReversedHandler implements EventHandler {

	static final String TRANSFER_REVERSED = "transfer.reversed";

	/** The kind of a transfer reversal journal. */
	static final String JOURNAL_KIND = "transfer_reversal";

	private final Ledger ledger;

	private final Payouts payouts;

	private final PayoutMatch match;

	private final Alerts alerts;

	TransferReversedHandler(Ledger ledger, Payouts payouts, PayoutMatch match, Alerts alerts) {
		this.ledger = ledger;
		this.payouts = payouts;
		this.match = match;
		this.alerts = alerts;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(TRANSFER_REVERSED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		JsonNode transfer = event.object();
		EventJson.requireObjectType(transfer, "transfer");
		String transferId = EventJson.requireText(transfer, "id");
		Optional<Payout> found = this.match.forTransfer(event, transferId, EventJson.metadata(transfer));
		if (found.isEmpty()) {
			return HandlerOutcome.IGNORED;
		}
		Payout payout = found.get();
		long amountReversed = EventJson.requireLong(transfer, "amount_reversed");
		String currency = EventJson.requireText(transfer, "currency").toLowerCase(Locale.ROOT);
		if (!currency.equals(payout.currency()) || amountReversed < 0 || amountReversed > payout.amountCents()) {
			throw new InapplicableEventException(transferId + " reversed " + amountReversed + " " + currency
					+ " but payout row " + payout.id() + " paid " + payout.amountCents() + " " + payout.currency());
		}
		List<Increments.Piece> pieces = Increments.toBook(Increments.listed(transfer, "reversals", (item) -> true),
				amountReversed, payout.amountReversedCents(),
				(id) -> this.ledger.journalId(id, JOURNAL_KIND).isPresent(), transferId + ":reversed:" + amountReversed);
		if (pieces.isEmpty()) {
			return HandlerOutcome.PROCESSED;
		}
		String owedAccount = (payout.failureJournalId() != null) ? LedgerAccounts.PLATFORM_PAYOUTS_RETURNED
				: LedgerAccounts.payable(payout.payeeAccount());
		for (Increments.Piece piece : pieces) {
			this.ledger.post(JournalEntry.of(JOURNAL_KIND, piece.id(),
					"reversal " + piece.id() + " of transfer " + transferId + " (payout " + payout.id() + ") "
							+ piece.cents() + " " + currency,
					event.created(), List.of(JournalLine.debit(LedgerAccounts.PLATFORM_CASH, piece.cents(), currency),
							JournalLine.credit(owedAccount, piece.cents(), currency))));
		}
		if (!this.payouts.recordReversal(payout.id(), amountReversed)) {
			throw new IllegalStateException("Payout " + payout.id() + " (" + payout.status() + ", "
					+ payout.amountReversedCents() + " reversed) refused a reversal total of " + amountReversed
					+ " under its lock");
		}
		this.alerts.raise(Severity.WARNING, "transfer_reversed", payout.payeeAccount(),
				"Transfer " + transferId + " of payout " + payout.id() + " to " + payout.payeeAccount() + ": "
						+ amountReversed + " of " + payout.amountCents() + " " + currency
						+ " reversed; the platform owes it to the payee again"
						+ ((amountReversed == payout.amountCents()) ? " (payout " + PayoutStatus.REVERSED + ")" : ""),
				"transfer_reversed:" + transferId + ":" + amountReversed);
		return HandlerOutcome.PROCESSED;
	}

}
