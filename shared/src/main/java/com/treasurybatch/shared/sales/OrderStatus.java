package com.treasurybatch.shared.sales;

/** Where an order stands. It only moves forward: AWAITING_PAYMENT to PAID or PAYMENT_FAILED. */
public enum OrderStatus {

	/** Checkout completed with a delayed payment method (e.g. bank debit) not yet settled. No journal. */
	AWAITING_PAYMENT,

	/** Paid: booked by its sale journal (none when the amount is zero). */
	PAID,

	/**
	 * The delayed payment failed ({@code checkout.session.async_payment_failed}): closed, nothing booked
	 * (docs.stripe.com/payments/checkout/how-checkout-works, delayed notification payment methods).
	 */
	PAYMENT_FAILED

}
