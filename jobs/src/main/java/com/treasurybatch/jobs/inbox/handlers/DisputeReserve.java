package com.treasurybatch.jobs.inbox.handlers;

import java.util.List;

import com.treasurybatch.shared.ledger.JournalLine;

/**
 * How a disputed amount divides across a sale: in proportion to the sale's shares (largest remainder, so the
 * parts sum to the amount). The parts owed to someone (payees' payables, suspense) are held in
 * {@code platform:dispute_reserve} while the dispute is open; the platform's own part (its fee's share) stays in
 * revenue and is written off to {@code platform:dispute_losses} if the dispute is lost. The same sale and amount
 * always divide the same way, so the close of a dispute recomputes what its opening reserved.
 *
 * @param reserved the owed parts, as credit lines of the payables and suspense
 * @param reservedCents their sum, minor units
 * @param platformShareCents the platform's own part, minor units
 */
record DisputeReserve(List<JournalLine> reserved, long reservedCents, long platformShareCents) {

	/** The kind of the journal that opens the reserve; its source is the dispute id. */
	static final String RESERVE_KIND = "dispute_reserve";

	/** The kind of the journal of a lost dispute; its source is the dispute id. */
	static final String LOSS_KIND = "dispute_loss";

	/**
	 * Divides a disputed amount across a sale.
	 * @param sale the disputed sale
	 * @param disputedCents minor units, positive
	 * @return the reserve
	 */
	static DisputeReserve of(FoundSale sale, long disputedCents) {
		List<JournalLine> parts = sale.shares().split(disputedCents);
		List<JournalLine> reserved = parts.stream().filter(SaleShares::isOwed).toList();
		long reservedCents = reserved.stream().mapToLong(JournalLine::amountCents).sum();
		return new DisputeReserve(reserved, reservedCents, disputedCents - reservedCents);
	}

}
