package com.treasurybatch.shared.sales;

/** Where an order stands. It only moves forward: AWAITING_PAYMENT to PAID. */
public enum OrderStatus {

	/** Checkout completed with a delayed payment method (e.g. bank debit) not yet settled. No journal. */
	AWAITING_PAYMENT,

	/** Paid: booked by its sale journal (none when the amount is zero). */
	PAID

}
