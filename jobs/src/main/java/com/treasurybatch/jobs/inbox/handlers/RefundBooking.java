package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import com.treasurybatch.shared.ledger.JournalEntry;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.sales.ChargeRefunds;
import com.treasurybatch.shared.sales.RefundAllocation;

/**
 * Books one Stripe refund object (docs.stripe.com/api/refunds/object), whichever event carries it. A refund is
 * booked once, under its real id ({@code re_...}), by cumulative allocation ({@link RefundAllocation}); a refund that
 * {@code failed} or was {@code canceled} has its journal mirrored by one {@value #FAILURE_KIND} journal (Stripe then
 * credits the balance back with a {@code refund_failure} balance transaction: docs.stripe.com/refunds#failed-refunds).
 *
 * <p>Statuses: {@code pending}, {@code requires_action} and {@code succeeded} take the money back (Stripe debits the
 * balance when the refund is created); {@code failed} and {@code canceled} give it back. A refund first seen already
 * failed is booked and reversed, so that both of Stripe's balance transactions have their journal.
 *
 * <p>Invariants: one {@value #REFUND_KIND} and at most one {@value #FAILURE_KIND} journal per refund id; refunds of one
 * sale are booked one after the other under its order's lock ({@link SaleLookup}).
 */
@Component
class RefundBooking {

	/** The kind of a refund journal; its source is the refund id. */
	static final String REFUND_KIND = "refund";

	/** The kind of the journal reversing a failed or canceled refund; its source is the refund id. */
	static final String FAILURE_KIND = "refund_failure";

	private static final Set<String> TAKING = Set.of("pending", "requires_action", "succeeded");

	private static final Set<String> GIVEN_BACK = Set.of("failed", "canceled");

	private final Ledger ledger;

	private final SaleLookup sales;

	private final ChargeRefunds refunds;

	private final PayableWatch payables;

	RefundBooking(Ledger ledger, SaleLookup sales, ChargeRefunds refunds, PayableWatch payables) {
		this.ledger = ledger;
		this.sales = sales;
		this.refunds = refunds;
		this.payables = payables;
	}

	/**
	 * Applies a refund's current state.
	 * @param event the event carrying it ({@code created} is the journals' effective time)
	 * @param refund a {@code refund} object
	 * @return true if something was booked
	 * @throws InapplicableEventException if the refund is malformed, its sale is not booked (yet), or it would exceed
	 * the sale
	 */
	boolean apply(ParsedStripeEvent event, JsonNode refund) {
		EventJson.requireObjectType(refund, "refund");
		String id = EventJson.requireText(refund, "id");
		if (!id.startsWith("re_") && !id.startsWith("pyr_")) {
			throw new InapplicableEventException("Refund id " + id + " does not start with re_");
		}
		String status = EventJson.requireText(refund, "status");
		if (!TAKING.contains(status) && !GIVEN_BACK.contains(status)) {
			throw new InapplicableEventException("Refund " + id + " has unknown status " + status);
		}
		long amount = EventJson.requireLong(refund, "amount");
		if (amount <= 0) {
			throw new InapplicableEventException("Refund " + id + " has amount " + amount);
		}
		String currency = EventJson.requireText(refund, "currency").toLowerCase(Locale.ROOT);
		String chargeId = StripeIdField.id(refund, "charge");
		String paymentIntent = StripeIdField.id(refund, "payment_intent");
		FoundSale sale = this.sales.find(paymentIntent, "Refund " + id + " of " + chargeId, currency);
		boolean booked = false;
		Optional<ChargeRefunds.BookedRefund> known = this.refunds.findForUpdate(id);
		long journalId;
		if (known.isPresent()) {
			journalId = known.get().journalId();
		}
		else {
			journalId = book(event, id, chargeId, paymentIntent, sale, amount);
			booked = true;
		}
		if (GIVEN_BACK.contains(status) && (known.isEmpty() || !known.get().failed())) {
			List<JournalLine> back = this.ledger.lines(journalId).stream().map(JournalLine::mirrored).toList();
			long failureJournal = this.ledger.post(JournalEntry.of(FAILURE_KIND, id,
					"refund " + id + " " + status + ": journal " + journalId + " reversed, " + amount + " " + currency
							+ " back in the balance",
					event.created(), back))
				.orElseGet(() -> this.ledger.journalId(id, FAILURE_KIND)
					.orElseThrow(() -> new IllegalStateException("Refund failure journal of " + id + " is gone")));
			this.refunds.markFailed(id, failureJournal);
			booked = true;
		}
		return booked;
	}

	private long book(ParsedStripeEvent event, String id, String chargeId, String paymentIntent, FoundSale sale,
			long amount) {
		List<JournalLine> lines;
		try {
			lines = RefundAllocation.lines(sale.shares().shares(), this.refunds.bookedByAccount(sale.order().saleKey()),
					amount);
		}
		catch (IllegalArgumentException ex) {
			throw new InapplicableEventException("Refund " + id + " of sale " + sale.order().saleKey() + ": "
					+ ex.getMessage(), ex);
		}
		JournalEntry entry = JournalEntry.of(REFUND_KIND, id,
				"refund " + id + " of " + chargeId + " (sale " + sale.order().saleKey() + ", journal "
						+ sale.saleJournalId() + ") " + amount + " " + sale.currency(),
				event.created(), lines);
		long journalId = this.ledger.post(entry)
			.orElseGet(() -> this.ledger.journalId(id, REFUND_KIND)
				.orElseThrow(() -> new IllegalStateException("Refund journal " + id + " conflicted but is gone")));
		this.refunds.record(id, chargeId, paymentIntent, sale.order(), amount, sale.currency(), journalId, event.id());
		this.payables.check(lines, id);
		return journalId;
	}

}
