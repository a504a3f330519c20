package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.List;

import com.treasurybatch.shared.ledger.AccountType;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.Side;
import com.treasurybatch.shared.ledger.Splits;

/**
 * Who shared a sale, and in what proportion: the credit lines of its sale journal (the platform fee, each payee's
 * payable, or suspense), weighted by their amounts. Money flowing back (a refund, a dispute) is divided across
 * them by largest remainder, so the parts always sum to the amount.
 *
 * <p>Stripe's fee and the cash line are not shares: Stripe keeps its fee on refunds, and cash is where the money
 * comes from.
 *
 * @param currency the sale's currency
 * @param shares the sale's credit lines other than cash, in journal order
 */
record SaleShares(String currency, List<JournalLine> shares) {

	/**
	 * Reads the shares of a sale journal.
	 * @param saleLines the sale journal's lines
	 * @return its shares
	 * @throws IllegalStateException if the journal credits nobody (a sale journal always does)
	 */
	static SaleShares of(List<JournalLine> saleLines) {
		List<JournalLine> shares = saleLines.stream()
			.filter((line) -> line.side() == Side.CREDIT && !LedgerAccounts.PLATFORM_CASH.equals(line.accountCode()))
			.toList();
		if (shares.isEmpty()) {
			throw new IllegalStateException("A sale journal without credit lines: " + saleLines);
		}
		return new SaleShares(shares.get(0).currency(), shares);
	}

	/**
	 * Divides an amount across the shares in proportion to them.
	 * @param amountCents minor units, zero or more
	 * @return one part per share with a non-zero part, as credit lines of the share's account (flip them with
	 * {@link JournalLine#mirrored()} to take money back from the shares)
	 */
	List<JournalLine> split(long amountCents) {
		long[] weights = this.shares.stream().mapToLong(JournalLine::amountCents).toArray();
		long[] parts = Splits.allocate(amountCents, weights);
		List<JournalLine> lines = new ArrayList<>();
		for (int i = 0; i < parts.length; i++) {
			if (parts[i] > 0) {
				lines.add(JournalLine.credit(this.shares.get(i).accountCode(), parts[i], this.currency));
			}
		}
		return lines;
	}

	/**
	 * Whether a share is owed to someone (a payee's payable or suspense) rather than the platform's own revenue.
	 * @param share a line of {@link #split}
	 * @return true for liability accounts
	 */
	static boolean isOwed(JournalLine share) {
		return LedgerAccounts.typeOf(share.accountCode()) == AccountType.LIABILITY;
	}

}
