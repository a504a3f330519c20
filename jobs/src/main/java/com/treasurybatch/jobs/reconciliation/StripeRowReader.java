package com.treasurybatch.jobs.reconciliation;

import java.util.Iterator;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.batch.infrastructure.item.ItemReader;

import com.treasurybatch.shared.stripe.StripeBalanceTransaction;

/**
 * Reads the day's balance transactions from Stripe, page by page as they are consumed. Keeps no restart state: a
 * restarted step lists the day again and the writer ignores rows already staged.
 */
class StripeRowReader implements ItemReader<StripeBalanceTransaction> {

	private final Supplier<Stream<StripeBalanceTransaction>> list;

	private Iterator<StripeBalanceTransaction> rows;

	StripeRowReader(Supplier<Stream<StripeBalanceTransaction>> list) {
		this.list = list;
	}

	@Override
	public StripeBalanceTransaction read() {
		if (this.rows == null) {
			this.rows = this.list.get().iterator();
		}
		return this.rows.hasNext() ? this.rows.next() : null;
	}

}
