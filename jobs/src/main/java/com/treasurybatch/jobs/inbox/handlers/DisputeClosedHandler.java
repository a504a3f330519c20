package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;

/**
 * Closes a dispute reserve: {@code charge.dispute.closed} (docs.stripe.com/disputes/responding; status
 * {@code won}, {@code lost} or {@code warning_closed} for an inquiry).
 *
 * <ul>
 * <li>won or warning_closed: the reserve journal is reversed (kind {@code reversal}, source
 * {@code journal:<id>}): Dr platform:dispute_reserve, Cr the payables as reserved.</li>
 * <li>lost: one journal of kind {@value DisputeReserve#LOSS_KIND}, sourced by the dispute id:
 * <pre>
 * Dr platform:dispute_reserve   the payees' part, held since the dispute opened
 * Dr platform:dispute_losses    the platform's own part (its fee's share of the disputed amount)
 * Cr platform:dispute_funds     the disputed amount, which Stripe withdrew for the cardholder (booked when
 *                               the funds were withdrawn, {@link DisputeFunds})
 * </pre>
 * and a WARNING alert {@code dispute_lost}.</li>
 * </ul>
 * The dispute's listed balance transactions not booked yet are booked first ({@link DisputeFunds}): on a win, the
 * reinstatement. A close whose opening was not booked yet is FAILED and retried (Stripe delivers out of order). Any other status
 * is an operating error.
 */
@Component
class DisputeClosedHandler implements EventHandler {

	static final String DISPUTE_CLOSED = "charge.dispute.closed";

	private final Ledger ledger;

	private final SaleLookup sales;

	private final Alerts alerts;

	private final DisputeFunds funds;

	DisputeClosedHandler(Ledger ledger, SaleLookup sales, Alerts alerts, DisputeFunds funds) {
		this.funds = funds;
		this.ledger = ledger;
		this.sales = sales;
		this.alerts = alerts;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(DISPUTE_CLOSED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		StripeDispute dispute = StripeDispute.from(event);
		FoundSale sale = this.sales.find(dispute.paymentIntent(), "Dispute " + dispute.id(), dispute.currency());
		DisputeReserve reserve = DisputeReserve.of(sale, dispute.amountCents());
		OptionalLong reserveJournal = this.ledger.journalId(dispute.id(), DisputeReserve.RESERVE_KIND);
		if (reserve.reservedCents() > 0 && reserveJournal.isEmpty()) {
			throw new InapplicableEventException("Dispute " + dispute.id() + " closed " + dispute.status()
					+ " but its opening (charge.dispute.created) is not booked yet; retried");
		}
		this.funds.book(dispute.id(), event.object());
		switch (dispute.status()) {
			case "won", "warning_closed" -> reserveJournal.ifPresent((journalId) -> this.ledger.reverse(journalId,
					"dispute " + dispute.id() + " " + dispute.status() + ": reserve released to the payees",
					event.created()));
			case "lost" -> bookLoss(event, dispute, sale, reserve);
			default -> throw new InapplicableEventException(
					"Dispute " + dispute.id() + " closed with unexpected status " + dispute.status());
		}
		return HandlerOutcome.PROCESSED;
	}

	private void bookLoss(ParsedStripeEvent event, StripeDispute dispute, FoundSale sale, DisputeReserve reserve) {
		String currency = sale.currency();
		List<JournalLine> lines = new ArrayList<>();
		if (reserve.reservedCents() > 0) {
			lines.add(JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, reserve.reservedCents(), currency));
		}
		if (reserve.platformShareCents() > 0) {
			lines.add(JournalLine.debit(LedgerAccounts.PLATFORM_DISPUTE_LOSSES, reserve.platformShareCents(),
					currency));
		}
		lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_FUNDS, dispute.amountCents(), currency));
		this.ledger.post(JournalEntry.of(DisputeReserve.LOSS_KIND, dispute.id(),
				"dispute " + dispute.id() + " of " + dispute.chargeId() + " lost: " + dispute.amountCents() + " "
						+ currency + " written off",
				event.created(), lines));
		this.alerts.raise(Severity.WARNING, "dispute_lost", dispute.id(),
				"Dispute " + dispute.id() + " on sale " + sale.order().saleKey() + " lost: "
						+ dispute.amountCents() + " " + currency + " withdrawn, " + reserve.reservedCents()
						+ " borne by the payees' reserve, " + reserve.platformShareCents()
						+ " written off to platform:dispute_losses",
				"dispute_lost:" + dispute.id());
	}

}
