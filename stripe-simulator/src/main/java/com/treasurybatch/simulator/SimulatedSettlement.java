package com.treasurybatch.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The currency Stripe settles a charge in when it differs from the one the buyer was charged in, and the rate
 * Stripe converted at (docs.stripe.com/currencies/conversions): the charge's balance transaction is in
 * {@code currency}, {@code amount = round(presentment amount x exchangeRate)}, {@code exchange_rate} set.
 *
 * @param currency lowercase ISO code of the platform's settlement currency, e.g. {@code usd}
 * @param exchangeRate units of {@code currency} per unit of the presentment currency, positive
 */
public record SimulatedSettlement(String currency, BigDecimal exchangeRate) {

	/** Checks both values. */
	public SimulatedSettlement {
		Objects.requireNonNull(currency, "currency");
		if (exchangeRate == null || exchangeRate.signum() <= 0) {
			throw new IllegalArgumentException("An exchange rate must be positive: " + exchangeRate);
		}
	}

	/**
	 * A presentment amount in the settlement currency, rounded half up to the minor unit.
	 * @param presentmentCents signed minor units of the presentment currency (both currencies with two decimals)
	 */
	public long settle(long presentmentCents) {
		return exchangeRate.multiply(BigDecimal.valueOf(presentmentCents)).setScale(0, RoundingMode.HALF_UP)
			.longValueExact();
	}

}
