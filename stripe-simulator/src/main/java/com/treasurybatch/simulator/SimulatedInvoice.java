package com.treasurybatch.simulator;

/**
 * A paid subscription invoice made by the simulator, with the Stripe ids it created.
 *
 * @param subscriptionId {@code sub_...}
 * @param invoiceId {@code in_...}
 * @param invoicePaymentId {@code inpay_...}, the {@code invoice_payment} linking the invoice and its payment
 * @param paymentIntentId {@code pi_...}
 * @param chargeId {@code ch_...}
 * @param balanceTransactionId {@code txn_...} of the charge
 * @param checkoutSessionId {@code cs_...} for the first invoice, null for renewals
 * @param amountPaidCents the invoice's total (tax included), minor units
 * @param currency lowercase ISO code
 */
public record SimulatedInvoice(String subscriptionId, String invoiceId, String invoicePaymentId,
		String paymentIntentId, String chargeId, String balanceTransactionId, String checkoutSessionId,
		long amountPaidCents, String currency) {
}
