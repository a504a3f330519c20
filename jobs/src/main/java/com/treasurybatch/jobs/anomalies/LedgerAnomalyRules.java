package com.treasurybatch.jobs.anomalies;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.anomalies.Anomalies;
import com.treasurybatch.shared.anomalies.Anomaly;
import com.treasurybatch.shared.anomalies.AnomalyReviewer;
import com.treasurybatch.shared.anomalies.LedgerAnomalyReadings;

/**
 * The anomaly rules over one UTC day of the ledger; each flag names its rule and the figures that fired (amounts in
 * minor units), once per day, rule, subject and currency. Then the configured {@link AnomalyReviewer} may explain it: the
 * application's one bean of that type, or {@link AnomalyReviewer#NONE} when it defines none (two are refused at
 * startup).
 */
@Component
class LedgerAnomalyRules {

	private static final Logger log = LoggerFactory.getLogger(LedgerAnomalyRules.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private final LedgerAnomalyReadings readings;

	private final Anomalies anomalies;

	private final AnomalyReviewer reviewer;

	private final LedgerAnomaliesProperties properties;

	LedgerAnomalyRules(LedgerAnomalyReadings readings, Anomalies anomalies, ObjectProvider<AnomalyReviewer> reviewer,
			LedgerAnomaliesProperties properties) {
		this.readings = readings;
		this.anomalies = anomalies;
		this.reviewer = reviewer.getIfAvailable(() -> AnomalyReviewer.NONE);
		this.properties = properties;
	}

	/**
	 * Flags the day's anomalies.
	 * @param day the UTC day
	 * @return how many were flagged now (a rerun flags none again)
	 */
	int flag(LocalDate day) {
		int flagged = 0;
		for (LedgerAnomalyReadings.PayeeDay payee : this.readings.payeeDays(day)) {
			if (payee.priorDays() >= this.properties.medianMinDays() && BigDecimal.valueOf(payee.dayTotal())
				.compareTo(this.properties.medianFactor().multiply(BigDecimal.valueOf(payee.median()))) > 0) {
				flagged += flag(day, "payee_day_above_median", payee.account(),
						figures("currency", payee.currency(), "day_total", payee.dayTotal(), "median_30d",
								payee.median(), "prior_sale_days", payee.priorDays(), "factor",
								this.properties.medianFactor()),
						payee.account() + " sold " + payee.dayTotal() + " " + payee.currency() + " on " + day
								+ ", above " + this.properties.medianFactor() + " x its 30-day median "
								+ payee.median());
			}
		}
		for (LedgerAnomalyReadings.PayeeRates rates : this.readings.payeeRates(day)) {
			flagged += rate(day, "refund_rate", rates, rates.refunded(), this.properties.refundRatePercent());
			flagged += rate(day, "dispute_rate", rates, rates.disputed(), this.properties.disputeRatePercent());
		}
		for (LedgerAnomalyReadings.YoungPayout payout : this.readings.youngPayouts(day,
				this.properties.youngAccountDays())) {
			if (payout.paidOut() >= this.properties.youngAccountPayoutMin()) {
				flagged += flag(day, "young_account_payout", payout.account(),
						figures("currency", payout.currency(), "paid_out", payout.paidOut(), "account_age_days",
								payout.accountAgeDays(), "payout_min", this.properties.youngAccountPayoutMin()),
						payout.account() + " first booked " + payout.accountAgeDays() + " days before was paid "
								+ payout.paidOut() + " " + payout.currency() + " on " + day);
			}
		}
		boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
		for (LedgerAnomalyReadings.ManualJournal journal : this.readings.manualJournals(day,
				this.properties.roundUnit())) {
			String subject = "journal:" + journal.journalId();
			if (journal.allRound()) {
				flagged += flag(day, "round_manual_journal", subject,
						figures("currency", journal.currency(), "debits", journal.debits(), "largest_posting",
								journal.largest(), "round_unit", this.properties.roundUnit()),
						"manual journal " + journal.journalId() + " posts only round amounts (multiples of "
								+ this.properties.roundUnit() + " " + journal.currency() + "), " + journal.debits()
								+ " in all");
			}
			if (weekend) {
				flagged += flag(day, "weekend_manual_journal", subject,
						figures("currency", journal.currency(), "debits", journal.debits(), "day_of_week",
								day.getDayOfWeek().name()),
						"manual journal " + journal.journalId() + " effective on a " + day.getDayOfWeek() + ", "
								+ journal.debits() + " " + journal.currency());
			}
		}
		return flagged;
	}

	private int rate(LocalDate day, String rule, LedgerAnomalyReadings.PayeeRates rates, long amount,
			BigDecimal limitPercent) {
		// amount * 100 > limit% * sold, compared exactly
		if (BigDecimal.valueOf(amount).multiply(HUNDRED)
			.compareTo(limitPercent.multiply(BigDecimal.valueOf(rates.sold()))) <= 0) {
			return 0;
		}
		BigDecimal percent = BigDecimal.valueOf(amount).multiply(HUNDRED)
			.divide(BigDecimal.valueOf(rates.sold()), 2, RoundingMode.HALF_UP);
		return flag(day, rule, rates.account(),
				figures("currency", rates.currency(), "sold_30d", rates.sold(), rule.replace("_rate", "") + "_30d",
						amount, "percent", percent, "limit_percent", limitPercent),
				rates.account() + " " + rule.replace('_', ' ') + " " + percent.toPlainString() + " % of "
						+ rates.sold() + " " + rates.currency() + " sold in the 30 days to " + day + ", above "
						+ limitPercent + " %");
	}

	private int flag(LocalDate day, String rule, String subject, Map<String, Object> figures, String message) {
		Anomaly anomaly = this.anomalies.flag(day, rule, subject, (String) figures.get("currency"),
				JSON.writeValueAsString(figures), message);
		if (anomaly == null) {
			return 0;
		}
		try {
			this.reviewer.explain(anomaly).ifPresent((text) -> this.anomalies.explain(anomaly.id(), text));
		}
		catch (RuntimeException ex) {
			log.warn("Anomaly {} left without an explanation: {}", anomaly.id(), ex.getMessage());
		}
		return 1;
	}

	private static Map<String, Object> figures(Object... pairs) {
		Map<String, Object> figures = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			figures.put((String) pairs[i], pairs[i + 1]);
		}
		return figures;
	}

}
