package com.treasurybatch.shared.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.Side;
import com.treasurybatch.shared.ledger.Splits;

/**
 * How one refund of a sale is booked: by cumulative allocation. The sale's credit lines (tax payable, platform fee,
 * each payee's payable or suspense) are allocated, by largest remainder, over everything refunded so far including
 * this refund; the refund books the difference between that allocation and what earlier refunds of the sale booked,
 * account by account. So a full refund in any number of parts mirrors the sale exactly: 10.00 split 3334/3333/3333
 * refunded as 5.00 + 5.00 takes back 3334/3333/3333, not 1667+1667 / 1667+1666 / 1666+1667.
 *
 * <p>The journal: Dr each share account its difference (a negative difference is a credit), Cr {@code platform:cash}
 * the refund. Stripe keeps its processing fee on a refund (docs.stripe.com/refunds: "Stripe doesn't return the
 * processing fees"), so {@code platform:stripe_fees} is not touched.
 *
 * <p>Invariants: the lines balance; after the last refund of a fully refunded sale, every share account has had
 * exactly its sale credit taken back.
 */
public final class RefundAllocation {

	private RefundAllocation() {
	}

	/**
	 * The lines of one refund.
	 * @param saleShares the sale journal's credit lines other than cash, in journal order, one currency
	 * @param bookedByAccount what earlier refunds of the sale took from each share account so far, net of refunds
	 * that failed: account code to minor units (debits positive); missing accounts are 0
	 * @param refundCents this refund, minor units, positive
	 * @return the balanced lines, in the sale's currency
	 * @throws IllegalArgumentException if the sale has no shares, the refund is not positive, or the refunds would
	 * exceed the sale
	 */
	public static List<JournalLine> lines(List<JournalLine> saleShares, Map<String, Long> bookedByAccount,
			long refundCents) {
		if (saleShares.isEmpty()) {
			throw new IllegalArgumentException("A sale without shares cannot be refunded");
		}
		if (refundCents <= 0) {
			throw new IllegalArgumentException("A refund is positive, got " + refundCents);
		}
		String currency = saleShares.get(0).currency();
		long gross = 0;
		long bookedTotal = 0;
		long[] weights = new long[saleShares.size()];
		for (int i = 0; i < weights.length; i++) {
			JournalLine share = saleShares.get(i);
			if (share.side() != Side.CREDIT || !share.currency().equals(currency)) {
				throw new IllegalArgumentException("Sale shares are credits in one currency, got " + share);
			}
			weights[i] = share.amountCents();
			gross += share.amountCents();
			bookedTotal += bookedByAccount.getOrDefault(share.accountCode(), 0L);
		}
		long cumulative = bookedTotal + refundCents;
		if (cumulative > gross) {
			throw new IllegalArgumentException("Refunds of " + cumulative + " would exceed the sale's " + gross
					+ " (" + bookedTotal + " refunded before)");
		}
		long[] target = Splits.allocate(cumulative, weights);
		List<JournalLine> lines = new ArrayList<>();
		for (int i = 0; i < target.length; i++) {
			String account = saleShares.get(i).accountCode();
			long difference = target[i] - bookedByAccount.getOrDefault(account, 0L);
			if (difference > 0) {
				lines.add(JournalLine.debit(account, difference, currency));
			}
			else if (difference < 0) {
				lines.add(JournalLine.credit(account, -difference, currency));
			}
		}
		lines.add(JournalLine.credit(LedgerAccounts.PLATFORM_CASH, refundCents, currency));
		return lines;
	}

}
