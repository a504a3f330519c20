package com.treasurybatch.shared.retention;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The {@code email_unsubscribes} table: who left which list, and the tasks that this cancels. */
@Component
public class Unsubscribes {

	private final JdbcTemplate jdbc;

	private final RetentionTasks tasks;

	private final Clock clock;

	public Unsubscribes(JdbcTemplate jdbc, RetentionTasks tasks, Clock clock) {
		this.jdbc = jdbc;
		this.tasks = tasks;
		this.clock = clock;
	}

	/**
	 * Unsubscribes a contact from a list and cancels their scheduled marketing emails. Idempotent.
	 * @param contactId opaque contact id
	 * @param list e.g. {@link RetentionTasks#MARKETING_LIST}
	 * @param channel {@code one-click} (RFC 8058 POST) or {@code page}
	 * @return scheduled tasks cancelled now
	 */
	@Transactional
	public int unsubscribe(String contactId, String list, String channel) {
		this.jdbc.update("""
				INSERT INTO email_unsubscribes (contact_id, list, channel, unsubscribed_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (contact_id, list) DO NOTHING
				""", contactId, list, channel, Timestamp.from(this.clock.instant()));
		if (RetentionTasks.MARKETING_LIST.equals(list)) {
			return this.tasks.cancelForContact(TaskKind.ABANDONED_CHECKOUT, contactId, "unsubscribed");
		}
		return 0;
	}

	/**
	 * @param contactId opaque contact id
	 * @param list the list
	 * @return true if unsubscribed from it
	 */
	public boolean isUnsubscribed(String contactId, String list) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM email_unsubscribes WHERE contact_id = ? AND list = ?)", Boolean.class,
				contactId, list));
	}

}
