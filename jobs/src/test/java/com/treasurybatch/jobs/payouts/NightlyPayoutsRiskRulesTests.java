package com.treasurybatch.jobs.payouts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.treasurybatch.shared.payouts.NightlyPayoutsProperties;
import com.treasurybatch.shared.payouts.PayoutCandidate;
import com.treasurybatch.shared.payouts.RiskAssessment;
import com.treasurybatch.shared.payouts.RiskRules;

import static org.assertj.core.api.Assertions.assertThat;

/** The risk rules of nightly-payouts on their own: each rule, its weight and its explanation. */
class NightlyPayoutsRiskRulesTests {

	private static final Instant DATE_END = Instant.parse("2026-11-21T00:00:00Z");

	private final RiskRules rules = new RiskRules(
			new NightlyPayoutsProperties(7, 500, 0.7, 16, 20, 100_000, 30, 2000, 5, 7, Map.of()));

	@Test
	void an_established_payee_without_refunds_scores_zero() {
		RiskAssessment risk = this.rules.assess(candidate(100_000, 0, daysAgo(200), 20_000, daysAgo(90)), 20_000,
				DATE_END);

		assertThat(risk.score()).isZero();
		assertThat(risk.reasons()).isEmpty();
		assertThat(this.rules.holds(risk)).isFalse();
	}

	@Test
	void a_new_payee_with_many_refunds_is_held_with_both_reasons() {
		RiskAssessment risk = this.rules.assess(candidate(10_000, 3_000, daysAgo(10), 0, daysAgo(90)), 7_000,
				DATE_END);

		assertThat(risk.score()).isEqualTo(0.8);
		assertThat(risk.reasons()).containsExactly("new_account: first sale 10 days before the date end (< 30)",
				"refund_ratio: refunds and disputes 3000 of sales 10000 = 3000 bps (>= 2000)");
		assertThat(this.rules.holds(risk)).isTrue();
	}

	@Test
	void a_spike_after_a_recent_account_change_stays_under_the_threshold_until_a_third_rule_fires() {
		RiskAssessment risk = this.rules.assess(candidate(100_000, 0, daysAgo(200), 1_000, daysAgo(2)), 5_001,
				DATE_END);

		assertThat(risk.score()).isEqualTo(0.6);
		assertThat(risk.reasons()).hasSize(2);
		assertThat(this.rules.holds(risk)).isFalse();
		RiskAssessment newToo = this.rules.assess(candidate(100_000, 0, null, 1_000, daysAgo(2)), 5_001, DATE_END);
		assertThat(newToo.score()).isEqualTo(1.0);
		assertThat(this.rules.holds(newToo)).isTrue();
	}

	private static PayoutCandidate candidate(long sold, long refunded, Instant firstSale, long largestPast,
			Instant accountEvent) {
		return new PayoutCandidate("acct_1RiskPayee", "usd", null, sold - refunded, 0, 0, sold, refunded, firstSale,
				largestPast, true, true, accountEvent);
	}

	private static Instant daysAgo(int days) {
		return DATE_END.minus(Duration.ofDays(days)).minusSeconds(3600);
	}

}
