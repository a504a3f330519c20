package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.sales.Order;
import com.treasurybatch.shared.sales.Orders;

/**
 * Finds the sale a charge paid, through the payment intent the order stores, and locks its order row so that
 * refunds and disputes of one sale are booked one after the other, even by concurrent runs.
 *
 * <p>A charge whose sale is not booked is an operating error, not something to drop: the sale's own event may
 * not have been processed yet (Stripe delivers out of order), so the event is FAILED and retried with backoff;
 * after the last attempt the CRITICAL alert {@code inbox_event_gave_up} asks a person to book it.
 */
@Component
class SaleLookup {

	private final Orders orders;

	private final Ledger ledger;

	SaleLookup(Orders orders, Ledger ledger) {
		this.orders = orders;
		this.ledger = ledger;
	}

	/**
	 * Finds and locks the sale of a payment intent.
	 * @param paymentIntent {@code pi_...}, or null when the Stripe object carries none
	 * @param what what is looking, for the error, e.g. {@code refund of ch_...}
	 * @param currency the currency of the money flowing back; must be the sale's
	 * @return the sale
	 * @throws InapplicableEventException if there is no payment intent, no booked sale for it, more than one, or the
	 * currencies differ
	 */
	FoundSale find(String paymentIntent, String what, String currency) {
		if (paymentIntent == null) {
			throw new InapplicableEventException(what + " names no payment_intent: its sale cannot be found");
		}
		List<Order> found = this.orders.findByPaymentIntentForUpdate(paymentIntent);
		if (found.isEmpty()) {
			throw new InapplicableEventException(what + ": no sale is booked for " + paymentIntent
					+ " (yet); retried in case its checkout session event is still to come");
		}
		if (found.size() > 1) {
			throw new InapplicableEventException(what + ": several orders share " + paymentIntent);
		}
		Order order = found.get(0);
		if (order.journalId() == null) {
			throw new InapplicableEventException(what + ": order " + order.saleKey() + " of " + paymentIntent
					+ " has no sale journal (status " + order.status() + ")");
		}
		if (!order.currency().equals(currency.toLowerCase(Locale.ROOT))) {
			throw new InapplicableEventException(what + " is in " + currency + " but sale " + order.saleKey()
					+ " is in " + order.currency());
		}
		return new FoundSale(order, order.journalId(), SaleShares.of(this.ledger.lines(order.journalId())));
	}

}
