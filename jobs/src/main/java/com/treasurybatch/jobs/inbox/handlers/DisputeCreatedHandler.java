package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.sales.DisputedSales;

/**
 * Opens a dispute reserve: {@code charge.dispute.created} (docs.stripe.com/disputes,
 * docs.stripe.com/api/events/types#event_types-charge.dispute.created). One journal of kind
 * {@value DisputeReserve#RESERVE_KIND}, sourced by the dispute id, in the sale's currency:
 * <pre>
 * Dr payable:acct_... (and platform:suspense)   the payees' parts of the disputed amount (see {@link DisputeReserve})
 * Cr platform:dispute_reserve                   their sum
 * </pre>
 * Records the disputed sale in {@code dispute_sales} (show financials find the reserve through it). Raises a
 * WARNING alert {@code dispute_opened}, and flags payees whose payable goes negative. The withdrawal of the
 * disputed amount and Stripe's dispute fee are booked from the balance transactions the dispute lists
 * ({@link DisputeFunds}), by this event or by {@code charge.dispute.funds_withdrawn}, whichever lists them first.
 * A dispute of a sale not booked is FAILED and retried ({@link SaleLookup}).
 */
@Component
class DisputeCreatedHandler implements EventHandler {

	static final String DISPUTE_CREATED = "charge.dispute.created";

	private final Ledger ledger;

	private final SaleLookup sales;

	private final PayableWatch payables;

	private final Alerts alerts;

	private final DisputedSales disputedSales;

	private final DisputeFunds funds;

	DisputeCreatedHandler(Ledger ledger, SaleLookup sales, PayableWatch payables, Alerts alerts,
			DisputedSales disputedSales, DisputeFunds funds) {
		this.disputedSales = disputedSales;
		this.funds = funds;
		this.ledger = ledger;
		this.sales = sales;
		this.payables = payables;
		this.alerts = alerts;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of(DISPUTE_CREATED);
	}

	@Override
	public HandlerOutcome handle(ParsedStripeEvent event) {
		if (event.account() != null) {
			return HandlerOutcome.IGNORED;
		}
		StripeDispute dispute = StripeDispute.from(event);
		FoundSale sale = this.sales.find(dispute.paymentIntent(), "Dispute " + dispute.id(), dispute.currency());
		DisputeReserve reserve = DisputeReserve.of(sale, dispute.amountCents());
		this.disputedSales.record(dispute.id(), sale.order().saleKey());
		this.funds.book(dispute.id(), event.object());
		if (reserve.reservedCents() > 0) {
			List<JournalLine> lines = new ArrayList<>();
			reserve.reserved().forEach((part) -> lines.add(part.mirrored()));
			lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_DISPUTE_RESERVE, reserve.reservedCents(),
					sale.currency()));
			this.ledger.post(JournalEntry.of(DisputeReserve.RESERVE_KIND, dispute.id(),
					"dispute " + dispute.id() + " of " + dispute.chargeId() + " (sale "
							+ sale.order().saleKey() + ") " + dispute.amountCents() + " " + sale.currency()
							+ ", payees' part held in reserve",
					event.created(), lines));
			this.payables.check(lines, dispute.id());
		}
		this.alerts.raise(Severity.WARNING, "dispute_opened", dispute.id(),
				"Dispute " + dispute.id() + " of " + dispute.amountCents() + " " + dispute.currency() + " on sale "
						+ sale.order().saleKey() + " (" + dispute.status() + "): " + reserve.reservedCents()
						+ " held from the payees in platform:dispute_reserve; answer it in the Stripe Dashboard",
				"dispute_opened:" + dispute.id());
		return HandlerOutcome.PROCESSED;
	}

}
