package com.treasurybatch.shared.payouts;

import java.util.List;

/**
 * A payout's risk: a score in [0,1] (a ratio, never an amount) and the rules that added to it, explained.
 *
 * @param score sum of the weights of the rules that fired, capped at 1
 * @param reasons one line per rule that fired, e.g. {@code new_account: first sale 10 days before the date (< 30)}
 */
public record RiskAssessment(double score, List<String> reasons) {

	/** Copies the reasons and checks the score. */
	public RiskAssessment {
		reasons = List.copyOf(reasons);
		if (score < 0 || score > 1) {
			throw new IllegalArgumentException("A risk score is in [0,1], got " + score);
		}
	}

}
