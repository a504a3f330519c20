package com.treasurybatch.jobs.thresholds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.treasurybatch.shared.alerts.AlertBreaches;
import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.alerts.ThresholdReadings;

/**
 * One evaluation of the threshold rules. A rule whose condition holds is a breach ({@code alert_breaches}, from its
 * first evaluation); once it has held for the rule's duration one alert is raised, deduplicated by rule and breach
 * start ({@code threshold:<rule>:<start>}), so it fires once per breach; when the condition no longer holds the
 * alert is resolved by {@value #RESOLVER} with the figures of the clearing evaluation, and the breach is forgotten.
 *
 * <p>Rules: {@code inbox_waiting_warning} / {@code inbox_waiting_critical} (waiting events above the limits for the
 * duration), {@code inbox_failed_share}, {@code passport_failed_share} (failed share over the window above the
 * percentage, at least one event failed), {@code analytics_rollup_lag} (p95 age of events past the rollup
 * watermark above the limit), {@code job_overrun:<job>:<execution>} (running longer than expected).
 */
@Component
class AlertThresholds {

	/** Who resolves a cleared alert. */
	static final String RESOLVER = "alert-thresholds";

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private final ThresholdReadings readings;

	private final AlertBreaches breaches;

	private final Alerts alerts;

	private final AlertThresholdProperties properties;

	private final Clock clock;

	AlertThresholds(ThresholdReadings readings, AlertBreaches breaches, Alerts alerts,
			AlertThresholdProperties properties, Clock clock) {
		this.readings = readings;
		this.breaches = breaches;
		this.alerts = alerts;
		this.properties = properties;
		this.clock = clock;
	}

	/** A rule's condition holding now. */
	record Condition(String rule, Severity severity, String kind, String subject, Duration holdFor, String figures) {
	}

	/**
	 * What one evaluation did.
	 * @param raised alerts raised
	 * @param cleared alerts resolved because their condition ended
	 */
	record Outcome(int raised, int cleared) {
	}

	/**
	 * Evaluates every rule once, in one transaction (the breaches are locked, so two nodes never raise twice).
	 * @return counts
	 */
	@Transactional
	public Outcome evaluate() {
		Instant now = this.clock.instant();
		Map<String, AlertBreaches.Breach> known = new HashMap<>();
		for (AlertBreaches.Breach breach : this.breaches.lockAll()) {
			known.put(breach.rule(), breach);
		}
		int raised = 0;
		int cleared = 0;
		List<Condition> holding = conditions(now);
		for (Condition condition : holding) {
			AlertBreaches.Breach breach = known.remove(condition.rule());
			Instant started = (breach != null) ? breach.startedAt() : now;
			this.breaches.start(condition.rule(), started, condition.figures());
			if ((breach == null || breach.alertId() == null)
					&& !Duration.between(started, now).minus(condition.holdFor()).isNegative()) {
				String dedupKey = "threshold:" + condition.rule() + ":" + started;
				String message = condition.figures() + " (since " + started + ")";
				if (this.alerts.raise(condition.severity(), condition.kind(), condition.subject(), message, dedupKey)) {
					raised++;
				}
				this.breaches.alerted(condition.rule(), this.alerts.find(dedupKey).id());
			}
		}
		for (AlertBreaches.Breach ended : known.values()) {
			if (ended.alertId() != null
					&& this.alerts.resolve(ended.alertId(), RESOLVER, "Cleared at " + now + "; last breached: " + ended.figures())) {
				cleared++;
			}
			this.breaches.end(ended.rule());
		}
		return new Outcome(raised, cleared);
	}

	private List<Condition> conditions(Instant now) {
		List<Condition> holding = new ArrayList<>();
		long waiting = this.readings.inboxWaiting();
		if (waiting > this.properties.inboxWaitingWarning()) {
			holding.add(new Condition("inbox_waiting_warning", Severity.WARNING, "inbox_backlog", "webhook_inbox",
					this.properties.inboxWaitingFor(), waiting + " inbox events waiting, above "
							+ this.properties.inboxWaitingWarning()));
		}
		if (waiting > this.properties.inboxWaitingCritical()) {
			holding.add(new Condition("inbox_waiting_critical", Severity.CRITICAL, "inbox_backlog", "webhook_inbox",
					this.properties.inboxWaitingFor(), waiting + " inbox events waiting, above "
							+ this.properties.inboxWaitingCritical()));
		}
		Instant from = now.minus(this.properties.failedShareWindow());
		share("inbox_failed_share", "inbox events", this.readings.inboxFailed(from, now), holding);
		share("passport_failed_share", "Passport events", this.readings.passportFailed(from, now), holding);
		Duration lag = this.readings.rollupLagP95(now);
		if (lag.compareTo(this.properties.rollupLagP95()) > 0) {
			holding.add(new Condition("analytics_rollup_lag", Severity.WARNING, "analytics_rollup_lag",
					"analytics_watermark", Duration.ZERO, "analytics rollups " + lag.toMillis() / 1000.0
							+ " s behind ingestion at p95, above " + this.properties.rollupLagP95().toSeconds() + " s"));
		}
		for (ThresholdReadings.RunningJob job : this.readings.runningJobs()) {
			Duration expected = this.properties.expected(job.jobName());
			Duration running = Duration.between(job.startedAt(), now);
			if (running.compareTo(expected) > 0) {
				holding.add(new Condition("job_overrun:" + job.jobName() + ":" + job.executionId(), Severity.WARNING,
						"job_overrun", job.jobName() + "#" + job.executionId(), Duration.ZERO,
						job.jobName() + " execution " + job.executionId() + " running " + running.toMinutes()
								+ " min, expected at most " + expected.toMinutes() + " min"));
			}
		}
		return holding;
	}

	private void share(String rule, String what, ThresholdReadings.Share share, List<Condition> holding) {
		if (share.total() == 0 || share.failed() == 0) {
			return;
		}
		// percent = failed * 100 / total, compared exactly (no rounding before the comparison)
		BigDecimal percent = BigDecimal.valueOf(share.failed()).multiply(HUNDRED)
			.divide(BigDecimal.valueOf(share.total()), 4, RoundingMode.HALF_UP);
		if (BigDecimal.valueOf(share.failed()).multiply(HUNDRED)
			.compareTo(this.properties.failedSharePercent().multiply(BigDecimal.valueOf(share.total()))) > 0) {
			holding.add(new Condition(rule, Severity.WARNING, "failed_share", rule, Duration.ZERO,
					share.failed() + " of " + share.total() + " " + what + " failed in the last "
							+ this.properties.failedShareWindow().toMinutes() + " min (" + percent.stripTrailingZeros()
								.toPlainString() + " %), above " + this.properties.failedSharePercent() + " %"));
		}
	}

}
