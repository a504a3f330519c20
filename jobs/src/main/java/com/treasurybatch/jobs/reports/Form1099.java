package com.treasurybatch.jobs.reports;

import com.treasurybatch.shared.reports.ReportsProperties;

/**
 * One payee's 1099 figures for a tax year, in US cents.
 *
 * @param payeeAccount acct_...
 * @param totalCents 1099-K box 1a (gross, not reduced by fees, refunds or adjustments) or 1099-NEC box 1
 * @param transactions 1099-K box 3, the number of payment transactions
 * @param monthlyCents 1099-K boxes 5a (January) to 5l (December): box 1a by month, UTC
 */
record Form1099(String payeeAccount, long totalCents, long transactions, long[] monthlyCents) {

	/**
	 * 1099-K: reported when gross payments exceed the threshold and the transactions exceed theirs (IRC 6050W(e),
	 * both "exceeds", so $20,000.00 in 201 transactions is not reported, $20,000.01 in 201 is).
	 */
	static boolean reportable1099k(ReportsProperties.Form1099kThreshold threshold, long grossCents, long transactions) {
		return grossCents > threshold.grossCentsOver() && transactions > threshold.transactionsOver();
	}

	/** 1099-NEC: reported when payments of the year are at least the threshold (IRC 6041(a): "$600 or more"). */
	static boolean reportable1099nec(long thresholdCents, long paidCents) {
		return paidCents >= thresholdCents;
	}

}
