package com.treasurybatch.shared.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code alert_breaches} table: one row per threshold rule whose condition holds now, kept by the
 * {@code alert-thresholds} job. Joins the caller's transaction.
 *
 * <p>Invariants: a rule has at most one breach at a time (its primary key); a breach names its alert once the
 * alert is raised, and the row is deleted when the condition ends, so the next breach of the same rule starts
 * afresh (a new start, a new alert).
 */
@Repository
public class AlertBreaches {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access, joining the caller's transaction
	 */
	public AlertBreaches(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A breach as stored.
	 *
	 * @param rule the rule key, e.g. {@code inbox_waiting_critical} or {@code job_overrun:payouts:12}
	 * @param startedAt first evaluation that saw the condition (UTC)
	 * @param alertId the alert raised for it, or null while the condition has not held long enough
	 * @param figures the last evaluation's figures, for people
	 */
	public record Breach(String rule, Instant startedAt, Long alertId, String figures) {
	}

	/**
	 * Every breach, locked until the caller's transaction ends (one evaluation at a time).
	 * @return the breaches, by rule
	 */
	public List<Breach> lockAll() {
		return this.jdbc.query("SELECT * FROM alert_breaches ORDER BY rule FOR UPDATE",
				(rs, n) -> new Breach(rs.getString("rule"), rs.getTimestamp("started_at").toInstant(),
						(Long) rs.getObject("alert_id", Long.class), rs.getString("figures")));
	}

	/**
	 * Records that a rule's condition holds from now, unless it is recorded already.
	 * @param rule the rule key
	 * @param startedAt now (UTC)
	 * @param figures what was measured
	 */
	public void start(String rule, Instant startedAt, String figures) {
		this.jdbc.update("""
				INSERT INTO alert_breaches (rule, started_at, figures) VALUES (?, ?, ?)
				ON CONFLICT (rule) DO UPDATE SET figures = EXCLUDED.figures""", rule, Timestamp.from(startedAt),
				figures);
	}

	/**
	 * Names the alert raised for a breach.
	 * @param rule the rule key
	 * @param alertId the alert
	 */
	public void alerted(String rule, long alertId) {
		this.jdbc.update("UPDATE alert_breaches SET alert_id = ? WHERE rule = ?", alertId, rule);
	}

	/**
	 * Forgets a breach whose condition ended.
	 * @param rule the rule key
	 */
	public void end(String rule) {
		this.jdbc.update("DELETE FROM alert_breaches WHERE rule = ?", rule);
	}

}
