package com.treasurybatch.simulator;

/**
 * A paid Checkout Session made by the simulator, with the Stripe ids it created.
 *
 * @param checkoutSessionId {@code cs_...}
 * @param paymentIntentId {@code pi_...}
 * @param chargeId {@code ch_...}
 * @param balanceTransactionId {@code txn_...} of the charge
 * @param eventId {@code evt_...} of its {@code checkout.session.completed}
 * @param amountCents gross, minor units
 * @param currency lowercase ISO code
 */
public record SimulatedSale(String checkoutSessionId, String paymentIntentId, String chargeId,
		String balanceTransactionId, String eventId, long amountCents, String currency) {
}
