package com.treasurybatch.jobs.anomalies;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The anomaly rules' limits, under {@code treasury.anomalies} (environment {@code TREASURY_ANOMALIES_MEDIAN_FACTOR},
 * ...). See README.md.
 *
 * @param medianFactor a payee's day above this many times its median sale day of the 30 days before
 * @param medianMinDays prior sale days needed before the median rule applies
 * @param refundRatePercent refunds over sales of the last 30 days above this percentage
 * @param disputeRatePercent dispute holds over sales of the last 30 days above this percentage
 * @param youngAccountDays a payee whose payable was created at most this many days before the payout
 * @param youngAccountPayoutMin ... and paid out at least this on the day, minor units
 * @param roundUnit a manual journal is round when every posting is a multiple of this, minor units
 */
@ConfigurationProperties("treasury.anomalies")
public record LedgerAnomaliesProperties(@DefaultValue("5") BigDecimal medianFactor,
		@DefaultValue("5") int medianMinDays, @DefaultValue("10") BigDecimal refundRatePercent,
		@DefaultValue("1") BigDecimal disputeRatePercent, @DefaultValue("7") int youngAccountDays,
		@DefaultValue("500000") long youngAccountPayoutMin, @DefaultValue("100000") long roundUnit) {

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public LedgerAnomaliesProperties {
		if (medianFactor.compareTo(BigDecimal.ONE) < 0 || medianMinDays < 1 || youngAccountDays < 0
				|| youngAccountPayoutMin < 1 || roundUnit < 1 || refundRatePercent.signum() < 0
				|| disputeRatePercent.signum() < 0) {
			throw new IllegalArgumentException("treasury.anomalies: a limit is out of range");
		}
	}

}
