package com.treasurybatch.simulator;

/**
 * A transfer the simulated platform made to a connected account (docs.stripe.com/api/transfers/object), as a test
 * counts them.
 *
 * @param id {@code tr_...}
 * @param destination {@code acct_...}
 * @param amountCents minor units, positive
 * @param amountReversedCents minor units reversed so far
 * @param currency lowercase ISO code
 * @param transferGroup Stripe's {@code transfer_group}, or null
 * @param created Unix seconds on the simulator's clock
 */
public record SimulatedTransfer(String id, String destination, long amountCents, long amountReversedCents,
		String currency, String transferGroup, long created) {
}
