package com.treasurybatch.jobs.thresholds;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The threshold rules' limits, under {@code treasury.alerts.thresholds} (environment
 * {@code TREASURY_ALERTS_THRESHOLDS_INBOX_WAITING_WARNING}, ...). See README.md.
 *
 * @param inboxWaitingWarning inbox events waiting above this for {@code inboxWaitingFor}: WARNING
 * @param inboxWaitingCritical inbox events waiting above this for {@code inboxWaitingFor}: CRITICAL (pages)
 * @param inboxWaitingFor how long the inbox must stay above a limit before the alert
 * @param failedSharePercent failed share of inbox or Passport events above this percentage: WARNING
 * @param failedShareWindow the window the failed share is counted over, ending now
 * @param rollupLagP95 analytics rollups behind ingestion by more than this at the 95th percentile: WARNING
 * @param jobExpectedDefault a job running longer than this, unless {@code jobExpected} names it: WARNING
 * @param jobExpected expected duration per job name, e.g. {@code nightly-payouts: 45m}
 */
@ConfigurationProperties("treasury.alerts.thresholds")
public record AlertThresholdProperties(@DefaultValue("100") long inboxWaitingWarning,
		@DefaultValue("1000") long inboxWaitingCritical, @DefaultValue("5m") Duration inboxWaitingFor,
		@DefaultValue("2") BigDecimal failedSharePercent, @DefaultValue("10m") Duration failedShareWindow,
		@DefaultValue("30s") Duration rollupLagP95, @DefaultValue("2h") Duration jobExpectedDefault,
		Map<String, Duration> jobExpected) {

	/**
	 * Checks the ranges; copies the map.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public AlertThresholdProperties {
		jobExpected = (jobExpected != null) ? Map.copyOf(jobExpected) : Map.of();
		if (inboxWaitingWarning < 0 || inboxWaitingCritical < inboxWaitingWarning) {
			throw new IllegalArgumentException(
					"treasury.alerts.thresholds: inbox-waiting-warning must be >= 0 and <= inbox-waiting-critical");
		}
		if (failedSharePercent.signum() < 0 || failedSharePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
			throw new IllegalArgumentException("treasury.alerts.thresholds.failed-share-percent must be 0..100");
		}
		for (Duration duration : new Duration[] { inboxWaitingFor, failedShareWindow, rollupLagP95,
				jobExpectedDefault }) {
			if (duration.isNegative()) {
				throw new IllegalArgumentException("treasury.alerts.thresholds: durations must not be negative");
			}
		}
	}

	/**
	 * How long a job may run.
	 * @param jobName the job
	 * @return its configured duration, or the default
	 */
	public Duration expected(String jobName) {
		return this.jobExpected.getOrDefault(jobName, this.jobExpectedDefault);
	}

}
