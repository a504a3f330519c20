package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * What a buyer pays for, as the simulator's payment scenarios take it.
 *
 * @param subtotalCents before tax, minor units of {@code currency}, positive
 * @param taxCents Stripe Tax's amount on top (0 without Stripe Tax), minor units
 * @param currency lowercase ISO code the buyer pays in (the presentment currency)
 * @param stripeFeeCents Stripe's processing fee, minor units of the settlement currency
 * @param metadata the Checkout Session's metadata in payment mode, the subscription's ({@code subscription_data})
 * in subscription mode, the PaymentIntent's without Checkout ({@code tb_payee}, {@code tb_split}, ...)
 * @param paymentIntentMetadata the PaymentIntent's own metadata in Checkout ({@code payment_intent_data}): Stripe
 * does not copy the session's metadata to it
 * @param settlement the settlement currency and rate when Stripe converts, or null
 */
public record SimulatedOrder(long subtotalCents, long taxCents, String currency, long stripeFeeCents,
		Map<String, String> metadata, Map<String, String> paymentIntentMetadata, SimulatedSettlement settlement) {

	/** Checks the amounts; copies the maps. */
	public SimulatedOrder {
		Objects.requireNonNull(currency, "currency");
		if (subtotalCents <= 0 || taxCents < 0 || stripeFeeCents < 0) {
			throw new IllegalArgumentException("Amounts must be positive (subtotal) or not negative (tax, fee)");
		}
		metadata = Map.copyOf(metadata);
		paymentIntentMetadata = Map.copyOf(paymentIntentMetadata);
	}

	/** An order without tax, settled in its own currency, with no PaymentIntent metadata. */
	public static SimulatedOrder of(long subtotalCents, String currency, long stripeFeeCents,
			Map<String, String> metadata) {
		return new SimulatedOrder(subtotalCents, 0, currency, stripeFeeCents, metadata, Map.of(), null);
	}

	/** This order with Stripe Tax adding {@code taxCents}. */
	public SimulatedOrder withTax(long taxCents) {
		return new SimulatedOrder(this.subtotalCents, taxCents, this.currency, this.stripeFeeCents, this.metadata,
				this.paymentIntentMetadata, this.settlement);
	}

	/** This order with metadata on the PaymentIntent too. */
	public SimulatedOrder withPaymentIntentMetadata(Map<String, String> paymentIntentMetadata) {
		return new SimulatedOrder(this.subtotalCents, this.taxCents, this.currency, this.stripeFeeCents,
				this.metadata, paymentIntentMetadata, this.settlement);
	}

	/** This order settled by Stripe in another currency at a rate. */
	public SimulatedOrder settledIn(String settlementCurrency, BigDecimal exchangeRate) {
		return new SimulatedOrder(this.subtotalCents, this.taxCents, this.currency, this.stripeFeeCents,
				this.metadata, this.paymentIntentMetadata, new SimulatedSettlement(settlementCurrency, exchangeRate));
	}

	/** What the buyer pays: {@code subtotal + tax}, minor units of {@code currency}. */
	public long totalCents() {
		return this.subtotalCents + this.taxCents;
	}

}
