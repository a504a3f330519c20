package com.treasurybatch.shared.payouts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Explainable risk rules for one payout. Each rule that fires adds its weight (in thousandths) and a reason; the
 * score is the sum, capped at 1. Amounts are compared in integer minor units and basis points, never floating point.
 *
 * <ul>
 * <li>{@code new_account} ({@value #NEW_ACCOUNT_WEIGHT}): the payee's first sale is younger than
 * {@code newAccountDays} (the account's age as this ledger knows it), or it has no sale at all;</li>
 * <li>{@code refund_ratio} ({@value #REFUND_RATIO_WEIGHT}): refunds and disputes reach {@code refundRatioBps} of
 * its sales;</li>
 * <li>{@code amount_spike} ({@value #AMOUNT_SPIKE_WEIGHT}): the amount exceeds {@code historyMultiple} times its
 * largest past payout;</li>
 * <li>{@code recent_kyc_change} ({@value #RECENT_KYC_WEIGHT}): Stripe reported a change of the account (KYC,
 * requirements) within {@code recentKycDays}.</li>
 * </ul>
 */
public final class RiskRules {

	static final int NEW_ACCOUNT_WEIGHT = 400;

	static final int REFUND_RATIO_WEIGHT = 400;

	static final int AMOUNT_SPIKE_WEIGHT = 300;

	static final int RECENT_KYC_WEIGHT = 300;

	private static final long BPS_WHOLE = 10_000;

	/** Weights are in thousandths of the score, so that sums are exact. */
	private static final int PERMILLE_WHOLE = 1000;

	private final NightlyPayoutsProperties properties;

	/**
	 * @param properties the rules' settings (new account, refund ratio, history multiple, recent KYC)
	 */
	public RiskRules(NightlyPayoutsProperties properties) {
		this.properties = properties;
	}

	/**
	 * Scores a payout.
	 * @param candidate the payee's figures
	 * @param amountCents what would be paid, minor units
	 * @param dateEnd the end of the business date (UTC instant)
	 * @return the score and its reasons
	 */
	public RiskAssessment assess(PayoutCandidate candidate, long amountCents, Instant dateEnd) {
		int score = 0;
		List<String> reasons = new ArrayList<>();
		if (candidate.firstSaleAt() == null) {
			score += NEW_ACCOUNT_WEIGHT;
			reasons.add("new_account: no sale recorded");
		}
		else {
			long ageDays = Duration.between(candidate.firstSaleAt(), dateEnd).toDays();
			if (ageDays < this.properties.newAccountDays()) {
				score += NEW_ACCOUNT_WEIGHT;
				reasons.add("new_account: first sale " + ageDays + " days before the date end (< "
						+ this.properties.newAccountDays() + ")");
			}
		}
		if (candidate.soldCents() > 0) {
			long ratioBps = Math.multiplyExact(candidate.refundedCents(), BPS_WHOLE) / candidate.soldCents();
			if (ratioBps >= this.properties.refundRatioBps()) {
				score += REFUND_RATIO_WEIGHT;
				reasons.add("refund_ratio: refunds and disputes " + candidate.refundedCents() + " of sales "
						+ candidate.soldCents() + " = " + ratioBps + " bps (>= " + this.properties.refundRatioBps()
						+ ")");
			}
		}
		if (candidate.largestPastPayoutCents() > 0
				&& amountCents > Math.multiplyExact(candidate.largestPastPayoutCents(), this.properties.historyMultiple())) {
			score += AMOUNT_SPIKE_WEIGHT;
			reasons.add("amount_spike: " + amountCents + " > " + this.properties.historyMultiple()
					+ " x largest past payout " + candidate.largestPastPayoutCents());
		}
		if (candidate.accountEventAt() != null && candidate.accountEventAt()
			.isAfter(dateEnd.minus(Duration.ofDays(this.properties.recentKycDays())))) {
			score += RECENT_KYC_WEIGHT;
			reasons.add("recent_kyc_change: account updated at " + candidate.accountEventAt() + " (within "
					+ this.properties.recentKycDays() + " days)");
		}
		return new RiskAssessment(Math.min(PERMILLE_WHOLE, score) / (double) PERMILLE_WHOLE, reasons);
	}

	/**
	 * Whether a score holds the payout.
	 * @param assessment a score
	 * @return true at or above the threshold
	 */
	public boolean holds(RiskAssessment assessment) {
		return assessment.score() >= this.properties.riskThreshold();
	}

}
