package com.treasurybatch.shared.analytics;

import java.time.Instant;

/**
 * A show's money from the ledger, in one currency; {@code gross - refunds = fees + netPayable}.
 *
 * @param showId the show (the {@code tb_item_id} of its ticket sales)
 * @param currency lowercase ISO 4217
 * @param orders paid ticket orders
 * @param grossCents what buyers paid, minor units
 * @param feesCents the platform fee kept after refunds, minor units
 * @param refundsCents what was refunded, minor units
 * @param netPayableCents what payees (or suspense) are owed after refunds, minor units
 * @param updatedAt when the job last computed it, UTC
 */
public record ShowFinancials(String showId, String currency, long orders, long grossCents, long feesCents,
		long refundsCents, long netPayableCents, Instant updatedAt) {

}
