package com.treasurybatch.jobs.inbox.handlers;

import com.treasurybatch.shared.sales.Order;

/**
 * A booked sale found from a charge's payment intent, its order row locked.
 *
 * @param order the order
 * @param saleJournalId its sale journal
 * @param shares who shared it
 */
record FoundSale(Order order, long saleJournalId, SaleShares shares) {

	/**
	 * The sale's currency.
	 * @return lowercase ISO code
	 */
	String currency() {
		return this.order.currency();
	}

}
