package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.List;

import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.Side;
import com.treasurybatch.shared.ledger.Splits;

/**
 * Who shared a sale, and in what proportion: the credit lines of its sale journal (the platform fee, each payee's
 * payable, or suspense), weighted by their amounts. Money flowing back (a refund, a dispute) is divided across
 * them by largest remainder, so the parts always sum to the amount.
 *
 * <p>The cash line is not a share: it is where the money comes from. Sales tax ({@code platform:tax_payable}) is a
 * share: a refund gives its part back.
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
	 * @return true for payables and suspense (not the platform's revenue, nor the tax it owes)
	 */
	static boolean isOwed(JournalLine share) {
		return LedgerAccounts.isPayable(share.accountCode())
				|| LedgerAccounts.PLATFORM_SUSPENSE.equals(share.accountCode());
	}

}
