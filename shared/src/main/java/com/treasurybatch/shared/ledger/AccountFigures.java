package com.treasurybatch.shared.ledger;

import java.time.Instant;

/**
 * One account's sums in one currency up to some instant: what a balance snapshot holds, and what
 * {@link LedgerSnapshots#figuresAt} answers. Amounts in minor units.
 *
 * @param accountId {@code ledger_accounts.id}
 * @param accountCode e.g. {@code payable:acct_1IuHosQveW0ONQsd}
 * @param currency lowercase ISO 4217
 * @param debits sum of D postings
 * @param credits sum of C postings
 * @param saleCredits C postings of {@code sale} and {@code settlement_conversion} journals
 * @param refundDebits D postings of {@code refund}, {@code dispute_reserve} and {@code dispute_loss} journals
 * @param firstSaleAt earliest effective time of a sale credit, or null
 */
public record AccountFigures(long accountId, String accountCode, String currency, long debits, long credits,
		long saleCredits, long refundDebits, Instant firstSaleAt) {

	/** The balance on the account's normal side (debits − credits for assets and expenses, else the reverse). */
	public long balanceCents() {
		return LedgerAccounts.typeOf(this.accountCode).isDebitNormal() ? Math.subtractExact(this.debits, this.credits)
				: Math.subtractExact(this.credits, this.debits);
	}

	/** True if both describe the same sums (ids and codes aside). */
	boolean sameSums(AccountFigures other) {
		return this.debits == other.debits && this.credits == other.credits && this.saleCredits == other.saleCredits
				&& this.refundDebits == other.refundDebits && java.util.Objects.equals(this.firstSaleAt, other.firstSaleAt);
	}

	/** The sums as text, for a mismatch message. */
	String sums() {
		return "debits " + this.debits + ", credits " + this.credits + ", sale credits " + this.saleCredits
				+ ", refund debits " + this.refundDebits + ", first sale " + this.firstSaleAt;
	}

}
