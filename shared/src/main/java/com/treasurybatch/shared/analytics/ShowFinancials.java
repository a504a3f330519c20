package com.treasurybatch.shared.analytics;

import java.time.Instant;

/**
 * A show's money from the ledger, in one currency, as {@link ShowLedger} defines it:
 * {@code gross - refunds - disputes = fees + netPayable}.
 *
 * @param showId the show ({@code ticket_order_shows.show_id}: see README "Webhook metadata conventions")
 * @param currency lowercase ISO 4217
 * @param orders paid ticket orders
 * @param grossCents what buyers paid, minor units (the credits of the sale journals)
 * @param feesCents the platform fee kept after refunds ({@code platform:fee_revenue}), minor units
 * @param stripeFeesCents Stripe's fees on the sales ({@code platform:stripe_fees}), borne by the platform and not
 * deducted from payees, minor units; 0 when the sale's payload did not carry them
 * @param refundsCents what was refunded to buyers ({@code platform:cash} credits of the refund journals), minor units
 * @param disputesCents the payees' part of disputes open or lost (reserve journals, less the reserves given back on
 * won disputes), minor units
 * @param netPayableCents what payees (or suspense) are owed from the show after refunds and disputes, minor units
 * @param updatedAt when analytics-rollups stored it, UTC; {@code null} when computed from the ledger on the spot
 */
public record ShowFinancials(String showId, String currency, long orders, long grossCents, long feesCents,
		long stripeFeesCents, long refundsCents, long disputesCents, long netPayableCents, Instant updatedAt) {

}
