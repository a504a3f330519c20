package com.treasurybatch.shared.stripe;

/**
 * A charge as Stripe reports it, the fields the desk reads (docs.stripe.com/api/charges/object).
 *
 * @param id {@code ch_...}
 * @param paymentIntent {@code pi_...}, or null
 * @param amount minor units captured
 * @param amountRefunded minor units refunded so far
 * @param currency lowercase ISO code
 */
public record StripeCharge(String id, String paymentIntent, long amount, long amountRefunded, String currency) {
}
