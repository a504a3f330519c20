package com.treasurybatch.shared.alerts;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the threshold rules measure, read-only, from tables other classes own: {@code webhook_inbox}
 * ({@code WebhookInbox}), {@code analytics_events} and {@code analytics_watermark} (analytics), Spring Batch's
 * {@code batch_job_execution}.
 */
@Component
public class ThresholdReadings {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc the application's database
	 */
	public ThresholdReadings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inbox events waiting to be processed: RECEIVED, and FAILED with another attempt due (a FAILED event with no
	 * next attempt has been given up and raised its own alert).
	 * @return the count
	 */
	public long inboxWaiting() {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM webhook_inbox
				 WHERE status = 'RECEIVED' OR (status = 'FAILED' AND next_attempt_at IS NOT NULL)""", Long.class);
	}

	/**
	 * A failed share over a window.
	 * @param failed events that failed
	 * @param total events in the window
	 */
	public record Share(long failed, long total) {
	}

	/**
	 * Inbox events received in a window, and how many of them are FAILED now.
	 * @param from window start (UTC, inclusive)
	 * @param to window end (UTC, exclusive)
	 * @return the counts
	 */
	public Share inboxFailed(Instant from, Instant to) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FILTER (WHERE status = 'FAILED') AS failed, count(*) AS total FROM webhook_inbox
				 WHERE received_at >= ? AND received_at < ?""",
				(rs, n) -> new Share(rs.getLong("failed"), rs.getLong("total")), Timestamp.from(from),
				Timestamp.from(to));
	}

	/**
	 * Passport analytics events received in a window, and how many of them were refused by the rollups (flagged
	 * {@code unknown_type} or {@code unknown_schema_version}: kept, not counted).
	 * @param from window start (UTC, inclusive)
	 * @param to window end (UTC, exclusive)
	 * @return the counts
	 */
	public Share passportFailed(Instant from, Instant to) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FILTER (WHERE flag IS NOT NULL) AS failed, count(*) AS total FROM analytics_events
				 WHERE received_at >= ? AND received_at < ?""",
				(rs, n) -> new Share(rs.getLong("failed"), rs.getLong("total")), Timestamp.from(from),
				Timestamp.from(to));
	}

	/**
	 * How far the analytics rollups are behind ingestion: the 95th percentile of the age (now minus
	 * {@code received_at}) of the raw events past the rollup watermark ({@code analytics_watermark.last_seq}), i.e.
	 * received but not yet rolled up.
	 * @param now the evaluation's time (UTC)
	 * @return the p95 age, zero when nothing waits
	 */
	public Duration rollupLagP95(Instant now) {
		Double seconds = this.jdbc.queryForObject("""
				SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM (?::timestamptz - e.received_at)))
				  FROM analytics_events e
				 WHERE e.seq > (SELECT last_seq FROM analytics_watermark)""", Double.class, Timestamp.from(now));
		return (seconds == null || seconds <= 0) ? Duration.ZERO : Duration.ofMillis(Math.round(seconds * 1000));
	}

	/**
	 * A job execution still running.
	 * @param executionId Spring Batch's job execution id
	 * @param jobName the job
	 * @param startedAt when it started (UTC)
	 */
	public record RunningJob(long executionId, String jobName, Instant startedAt) {
	}

	/**
	 * Job executions started and not ended (Spring Batch stores local date-times in the JVM's zone).
	 * @return running executions, oldest first
	 */
	public List<RunningJob> runningJobs() {
		ZoneId zone = ZoneId.systemDefault();
		return this.jdbc.query("""
				SELECT e.job_execution_id, i.job_name, e.start_time
				  FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				 WHERE e.status IN ('STARTING', 'STARTED') AND e.end_time IS NULL AND e.start_time IS NOT NULL
				 ORDER BY e.start_time""",
				(rs, n) -> new RunningJob(rs.getLong(1), rs.getString(2),
						rs.getObject(3, LocalDateTime.class).atZone(zone).toInstant()));
	}

}
