package com.treasurybatch.jobs.payouts;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.treasurybatch.shared.payouts.Payout;
import com.treasurybatch.shared.payouts.PayoutTransfers;

/**
 * Transfers each PENDING payout committed by {@link PayoutDecider}, one by one, through the shared
 * {@link PayoutTransfers} (record, Stripe call with the row's key, journal, TRANSFERRED; a lookup by
 * {@code transfer_group} first for rows older than 23 hours). Counts the payouts left PENDING.
 */
class PayoutTransferWriter implements ItemWriter<Payout> {

	private final PayoutTransfers transfers;

	private final AtomicInteger deferred = new AtomicInteger();

	/** @param transfers the shared transfer code */
	PayoutTransferWriter(PayoutTransfers transfers) {
		this.transfers = transfers;
	}

	@Override
	public void write(Chunk<? extends Payout> chunk) {
		for (Payout payout : chunk) {
			if (this.transfers.transfer(payout) == PayoutTransfers.Outcome.DEFERRED) {
				this.deferred.incrementAndGet();
			}
		}
	}

	/** How many payouts this writer left PENDING after persistent transient failures. */
	int deferred() {
		return this.deferred.get();
	}

}
