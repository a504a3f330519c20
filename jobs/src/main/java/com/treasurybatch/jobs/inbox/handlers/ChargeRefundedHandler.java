package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.sales.ChargeRefunds;

/**
 * Books refunds: {@code charge.refunded} (Stripe sends it for every refund, full or partial; the charge's
 * {@code amount_refunded} is cumulative: docs.stripe.com/api/events/types#event_types-charge.refunded,
 * docs.stripe.com/refunds).
 *
 * <p>Each refund is one journal of kind {@value #JOURNAL_KIND}, sourced by the refund id ({@code re_...}, from
 * {@code refunds.data} when the event carries it; otherwise {@code <charge id>:refunded:<amount_refunded>}), in
 * the sale's currency:
 * <pre>
 * Dr platform:fee_revenue / payable:acct_... / platform:suspense   the refund divided as the sale was (largest remainder)
 * Cr platform:cash                                                   the refund
 * </pre>
 * Stripe keeps its processing fee on a refund, so {@code platform:stripe_fees} is not touched. Only what exceeds
 * the refunds already booked for the charge is booked ({@link Increments}): partial refunds add up, a
 * redelivered or older event adds nothing. A payee whose payable goes negative is flagged ({@link PayableWatch}).
 *
 * <p>A refund of a charge with no booked sale is FAILED and retried ({@link SaleLookup}); refunds of a connected
 * account's own charges (top-level {@code account}) are IGNORED.
 */
@Component
class ChargeRefundedHandler implements EventHandler {

	static final String CHARGE_REFUNDED = "charge.refunded";

	/** The kind of a refund journal. */
	static final String JOURNAL_KIND = "refund";

	/** Refund statuses that take money back; failed and canceled refunds do not. */
	private static final Set<String> COUNTED_STATUSES = Set.of("succeeded", "pending", "requires_action");

	private final Ledger ledger;

	private final SaleLookup sales;

	private final ChargeRefunds refunds;

	private final PayableWatch payables;

	ChargeRefundedHandler(Ledger ledger, SaleLookup sales, ChargeRefunds refunds, PayableWatch payables) {
		this.ledger = ledger;
		this.sales = sales;
		this.refunds = refunds;
		this.payables = payables;
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
		String chargeId = EventJson.requireText(charge, "id");
		long amountRefunded = EventJson.requireLong(charge, "amount_refunded");
		long amount = EventJson.requireLong(charge, "amount");
		if (amountRefunded < 0 || amountRefunded > amount) {
			throw new InapplicableEventException("amount_refunded " + amountRefunded + " outside 0.." + amount + " in "
					+ chargeId);
		}
		String currency = EventJson.requireText(charge, "currency").toLowerCase(Locale.ROOT);
		String paymentIntent = StripeIdField.id(charge, "payment_intent");
		FoundSale sale = this.sales.find(paymentIntent, "Refund of " + chargeId, currency);
		List<Increments.Piece> pieces = Increments.toBook(
				Increments.listed(charge, "refunds",
						(refund) -> COUNTED_STATUSES.contains(refund.path("status").asString(""))),
				amountRefunded, this.refunds.bookedCents(chargeId), this.refunds::isBooked,
				chargeId + ":refunded:" + amountRefunded);
		for (Increments.Piece piece : pieces) {
			book(event, chargeId, paymentIntent, sale, piece);
		}
		return HandlerOutcome.PROCESSED;
	}

	private void book(ParsedStripeEvent event, String chargeId, String paymentIntent, FoundSale sale,
			Increments.Piece refund) {
		List<JournalLine> lines = new ArrayList<>();
		sale.shares().split(refund.cents()).forEach((share) -> lines.add(share.mirrored()));
		lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_CASH, refund.cents(), sale.currency()));
		JournalEntry entry = JournalEntry.of(JOURNAL_KIND, refund.id(),
				"refund " + refund.id() + " of " + chargeId + " (sale " + sale.order().checkoutSessionId() + ", journal "
						+ sale.saleJournalId() + ") " + refund.cents() + " " + sale.currency(),
				event.created(), lines);
		long journalId = this.ledger.post(entry)
			.orElseGet(() -> this.ledger.journalId(refund.id(), JOURNAL_KIND)
				.orElseThrow(() -> new IllegalStateException("Refund journal " + refund.id() + " conflicted but is gone")));
		this.refunds.record(refund.id(), chargeId, paymentIntent, sale.order().checkoutSessionId(), refund.cents(),
				sale.currency(), journalId, event.id());
		this.payables.check(lines, refund.id());
	}

}
