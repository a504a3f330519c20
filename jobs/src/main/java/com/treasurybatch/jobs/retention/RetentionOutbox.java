package com.treasurybatch.jobs.retention;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.retention.TaskKind;

/**
 * The outbox's SQL: claiming due tasks, recording outcomes, and finding sends that a stopped run left behind.
 *
 * <p>Invariants: an email is sent only after its outbox row (unique per task and step) is committed SENDING by
 * {@link #claim}; only a RETRY row is claimed again; a row left SENDING is never claimed again, only turned
 * UNKNOWN by {@link #markStaleSendsUnknown}.
 */
class RetentionOutbox {

	private final JdbcTemplate jdbc;

	RetentionOutbox(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims up to {@code limit} due tasks (the caller commits before sending): cancels those that must not be sent
	 * any more (order completed, unsubscribed, no consent, contact erased), and for the others commits task SENDING
	 * and an outbox row SENDING.
	 * @param now due time (UTC)
	 * @param limit most tasks
	 * @return the claimed emails, and how many tasks were looked at
	 */
	Claimed claim(Instant now, int limit) {
		Timestamp at = Timestamp.from(now);
		List<Long> due = this.jdbc.queryForList("""
				SELECT id FROM retention_tasks WHERE status = 'SCHEDULED' AND due_at <= ?
				ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED
				""", Long.class, at, limit);
		if (due.isEmpty()) {
			return new Claimed(List.of(), 0);
		}
		Long[] ids = due.toArray(Long[]::new);
		this.jdbc.update("""
				UPDATE retention_tasks t SET status = 'CANCELLED', updated_at = ?, cancel_reason = CASE
				    WHEN c.id IS NULL THEN 'contact_erased'
				    WHEN d.status = 'COMPLETED' THEN 'order_completed'
				    WHEN u.contact_id IS NOT NULL THEN 'unsubscribed'
				    ELSE 'no_marketing_consent' END
				FROM retention_tasks x
				LEFT JOIN contacts c ON c.id = x.contact_id
				LEFT JOIN draft_orders d ON x.kind = 'abandoned_checkout' AND d.id = x.subject
				LEFT JOIN email_unsubscribes u ON x.kind = 'abandoned_checkout' AND u.contact_id = x.contact_id
				    AND u.list = 'marketing'
				LEFT JOIN marketing_consents m ON m.contact_id = x.contact_id
				WHERE t.id = x.id AND x.id = ANY (?) AND (c.id IS NULL OR (x.kind = 'abandoned_checkout'
				    AND (d.status = 'COMPLETED' OR u.contact_id IS NOT NULL OR m.basis IS NULL OR m.basis = 'none')))
				""", at, ids);
		List<DueEmail> claimed = this.jdbc.query("""
				WITH sending AS (
				    UPDATE retention_tasks SET status = 'SENDING', updated_at = ?
				    WHERE id = ANY (?) AND status = 'SCHEDULED'
				    RETURNING id, kind, subject, step, contact_id, action_url
				), outbox AS (
				    INSERT INTO email_outbox (task_id, step, outbox_key, contact_id, status, attempts, claimed_at,
				        updated_at)
				    SELECT id, step, kind || ':' || subject || ':' || step, contact_id, 'SENDING', 1, ?, ?
				    FROM sending
				    ON CONFLICT (task_id, step) DO UPDATE SET status = 'SENDING',
				        attempts = email_outbox.attempts + 1, next_attempt_at = NULL, claimed_at = EXCLUDED.claimed_at,
				        updated_at = EXCLUDED.updated_at
				    WHERE email_outbox.status = 'RETRY'
				    RETURNING id, task_id, outbox_key, attempts
				)
				SELECT o.task_id, o.id, o.outbox_key, o.attempts, s.kind, s.step, s.contact_id, c.email, c.name,
				    s.subject, d.item_id, d.amount_total, d.currency, coalesce(s.action_url, d.recovery_url)
				FROM outbox o JOIN sending s ON s.id = o.task_id
				JOIN contacts c ON c.id = s.contact_id
				LEFT JOIN draft_orders d ON s.kind = 'abandoned_checkout' AND d.id = s.subject
				ORDER BY o.task_id
				""", (rs, n) -> new DueEmail(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
				TaskKind.fromCode(rs.getString(5)), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9),
				rs.getString(10), rs.getString(11), (Long) rs.getObject(12), rs.getString(13), rs.getString(14)),
				at, ids, at, at);
		// a task whose outbox row was already final (or in flight elsewhere) cannot be sent: say so on the task
		this.jdbc.update("""
				UPDATE retention_tasks t SET status = CASE WHEN o.status IN ('SENT', 'FAILED') THEN o.status
				    ELSE 'UNKNOWN' END, updated_at = ?
				FROM email_outbox o
				WHERE o.task_id = t.id AND t.id = ANY (?) AND t.status = 'SENDING' AND o.status <> 'SENDING'
				""", at, ids);
		return new Claimed(claimed, due.size());
	}

	/** Records accepted emails: outbox and task SENT. */
	void sent(List<DueEmail> emails, Instant now) {
		Timestamp at = Timestamp.from(now);
		Long[] outboxIds = emails.stream().map(DueEmail::outboxId).toArray(Long[]::new);
		Long[] taskIds = emails.stream().map(DueEmail::taskId).toArray(Long[]::new);
		requireAll(this.jdbc.update("""
				UPDATE email_outbox SET status = 'SENT', sent_at = ?, updated_at = ?, smtp_reply = NULL
				WHERE id = ANY (?) AND status = 'SENDING'
				""", at, at, outboxIds), emails.size(), "outbox rows SENT");
		requireAll(this.jdbc.update("""
				UPDATE retention_tasks SET status = 'SENT', updated_at = ? WHERE id = ANY (?) AND status = 'SENDING'
				""", at, taskIds), emails.size(), "tasks SENT");
	}

	/** Records a permanent rejection: outbox and task FAILED, with the server's reply. */
	void failed(DueEmail email, String reply, Instant now) {
		Timestamp at = Timestamp.from(now);
		requireAll(this.jdbc.update("""
				UPDATE email_outbox SET status = 'FAILED', smtp_reply = ?, updated_at = ? WHERE id = ? AND status = 'SENDING'
				""", reply, at, email.outboxId()), 1, "outbox row FAILED");
		requireAll(this.jdbc.update("""
				UPDATE retention_tasks SET status = 'FAILED', updated_at = ? WHERE id = ? AND status = 'SENDING'
				""", at, email.taskId()), 1, "task FAILED");
	}

	/** Records a transient failure: outbox RETRY, task SCHEDULED again at the next attempt. */
	void retry(DueEmail email, String reply, Instant nextAttempt, Instant now) {
		Timestamp at = Timestamp.from(now);
		requireAll(this.jdbc.update("""
				UPDATE email_outbox SET status = 'RETRY', smtp_reply = ?, next_attempt_at = ?, updated_at = ?
				WHERE id = ? AND status = 'SENDING'
				""", reply, Timestamp.from(nextAttempt), at, email.outboxId()), 1, "outbox row RETRY");
		requireAll(this.jdbc.update("""
				UPDATE retention_tasks SET status = 'SCHEDULED', due_at = ?, updated_at = ?
				WHERE id = ? AND status = 'SENDING'
				""", Timestamp.from(nextAttempt), at, email.taskId()), 1, "task SCHEDULED for retry");
	}

	/**
	 * Turns sends left SENDING longer than the lease into UNKNOWN (a run stopped between send and record): they
	 * may have been delivered, so they are never sent again automatically.
	 * @param claimedBefore rows claimed before this (now minus the lease)
	 * @param now UTC
	 * @return the outbox keys turned UNKNOWN
	 */
	List<String> markStaleSendsUnknown(Instant claimedBefore, Instant now) {
		Timestamp at = Timestamp.from(now);
		List<String> keys = new ArrayList<>(this.jdbc.queryForList("""
				WITH stale AS (
				    UPDATE email_outbox SET status = 'UNKNOWN', updated_at = ?,
				        smtp_reply = 'the run stopped between sending and recording; not resent'
				    WHERE status = 'SENDING' AND claimed_at < ?
				    RETURNING task_id, outbox_key
				), tasks AS (
				    UPDATE retention_tasks t SET status = 'UNKNOWN', updated_at = ?
				    FROM stale WHERE t.id = stale.task_id AND t.status = 'SENDING'
				)
				SELECT outbox_key FROM stale ORDER BY outbox_key
				""", String.class, at, Timestamp.from(claimedBefore), at));
		return keys;
	}

	/**
	 * @param backoffBase first wait
	 * @param backoffMax longest wait
	 * @param attempts sends so far
	 * @return the wait before the next attempt: base * 2^(attempts-1), capped
	 */
	static Duration backoff(Duration backoffBase, Duration backoffMax, int attempts) {
		Duration wait = backoffBase;
		for (int i = 1; i < attempts && wait.compareTo(backoffMax) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(backoffMax) > 0) ? backoffMax : wait;
	}

	private static void requireAll(int updated, int expected, String what) {
		if (updated != expected) {
			throw new IllegalStateException("Recorded " + updated + " " + what + ", expected " + expected
					+ ": rows changed under this run's claim");
		}
	}

	/**
	 * @param emails claimed for sending
	 * @param looked tasks looked at (claimed, cancelled or found already final)
	 */
	record Claimed(List<DueEmail> emails, int looked) {
	}

}
