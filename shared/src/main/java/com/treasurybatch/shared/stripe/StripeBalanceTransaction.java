package com.treasurybatch.shared.stripe;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One movement of a Stripe balance (docs.stripe.com/api/balance_transactions/object).
 *
 * @param id {@code txn_...}
 * @param type e.g. {@code charge}, {@code transfer}, {@code transfer_refund}, {@code payout}
 * @param amount gross minor units (cents), negative when money leaves the balance
 * @param fee Stripe's fee in minor units
 * @param net {@code amount - fee}
 * @param currency lowercase ISO code
 * @param sourceId what caused it ({@code ch_...}, {@code tr_...}, {@code po_...}), or null
 * @param status {@code available} or {@code pending}
 * @param reportingCategory Stripe's reporting category, e.g. {@code transfer}
 * @param created creation time (UTC, whole seconds)
 * @param availableOn when the funds become available (UTC)
 * @param paymentIntent the payment intent ({@code pi_...}) of the charge, refund or dispute it moved, read from the
 * expanded {@code source}; null for other sources
 * @param exchangeRate {@code exchange_rate}: settlement currency units per presentment unit when the source was
 * presented in another currency than {@code currency}, else null
 * @param sourceType the expanded source's {@code object} ({@code charge}, {@code refund}, {@code dispute},
 * {@code payout}, ...), null when the source is not expanded or absent
 * @param sourceCurrency the expanded charge's or refund's {@code currency} (presentment), null for other sources
 * @param sourceAmount the expanded charge's or refund's {@code amount}, presentment minor units, null for other
 * sources
 */
public record StripeBalanceTransaction(String id, String type, long amount, long fee, long net, String currency,
		String sourceId, String status, String reportingCategory, Instant created, Instant availableOn, String paymentIntent,
		BigDecimal exchangeRate, String sourceType, String sourceCurrency, Long sourceAmount) {

	/**
	 * A balance transaction without what the expanded source adds beyond its payment intent (no rate, no source
	 * object, currency or amount).
	 * @param id {@code txn_...}
	 * @param type Stripe's type
	 * @param amount gross minor units, signed
	 * @param fee fee minor units
	 * @param net {@code amount - fee}
	 * @param currency lowercase ISO code
	 * @param sourceId the source's id or null
	 * @param status {@code available} or {@code pending}
	 * @param reportingCategory Stripe's reporting category
	 * @param created creation time (UTC)
	 * @param availableOn availability time (UTC)
	 * @param paymentIntent the source's payment intent or null
	 */
	public StripeBalanceTransaction(String id, String type, long amount, long fee, long net, String currency,
			String sourceId, String status, String reportingCategory, Instant created, Instant availableOn,
			String paymentIntent) {
		this(id, type, amount, fee, net, currency, sourceId, status, reportingCategory, created, availableOn,
				paymentIntent, null, null, null, null);
	}

}
