package com.treasurybatch.shared.stripe;

import java.util.Map;

/**
 * The platform's Stripe balance per currency (docs.stripe.com/api/balance/balance_object).
 *
 * @param available minor units (cents) per lowercase currency, usable for transfers and payouts now
 * @param pending minor units per currency not yet available
 */
public record PlatformBalance(Map<String, Long> available, Map<String, Long> pending) {

	/** Copies the maps. */
	public PlatformBalance {
		available = Map.copyOf(available);
		pending = Map.copyOf(pending);
	}

	/** Available minor units in the currency, 0 when Stripe lists none. */
	public long available(String currency) {
		return this.available.getOrDefault(currency, 0L);
	}

	/** Pending minor units in the currency, 0 when Stripe lists none. */
	public long pending(String currency) {
		return this.pending.getOrDefault(currency, 0L);
	}

}
