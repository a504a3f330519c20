package com.treasurybatch.shared.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Schedules and cancels {@code retention_tasks}. A task is unique by (kind, subject, step): scheduling twice (a
 * redelivered event) adds nothing. Only SCHEDULED tasks are cancelled: one being sent or sent stays as it is.
 */
@Component
public class RetentionTasks {

	/** The list abandoned-checkout emails belong to, named in unsubscribe tokens. */
	public static final String MARKETING_LIST = "marketing";

	private static final String CANCEL_FOR_COMPLETED_SQL = """
			UPDATE retention_tasks SET status = 'CANCELLED', cancel_reason = 'order_completed', updated_at = ?
			WHERE kind = 'abandoned_checkout' AND status = 'SCHEDULED'
			  AND (subject = ANY (?::text[])
			       OR subject IN (SELECT d.id FROM draft_orders d
			                      JOIN unnest(?::text[], ?::text[]) AS c (buyer_id, item_id)
			                        ON d.buyer_id = c.buyer_id AND d.item_id = c.item_id))
			""";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	public RetentionTasks(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Schedules one task per due time, steps numbered from 1.
	 * @param kind the kind
	 * @param subject draft order id, {@code acct_...:evt_...}, {@code pi_...} or {@code in_...}
	 * @param contactId opaque contact id of the recipient
	 * @param dueTimes one per step, ascending (UTC)
	 * @param actionUrl where the email sends the reader, or null for the kind's default
	 * @return tasks added (0 when they existed)
	 */
	public int schedule(TaskKind kind, String subject, String contactId, List<Instant> dueTimes, String actionUrl) {
		Timestamp now = Timestamp.from(this.clock.instant());
		int added = 0;
		for (int i = 0; i < dueTimes.size(); i++) {
			added += this.jdbc.update("""
					INSERT INTO retention_tasks (kind, subject, contact_id, step, due_at, action_url, status, created_at,
					    updated_at)
					VALUES (?, ?, ?, ?, ?, ?, 'SCHEDULED', ?, ?)
					ON CONFLICT ON CONSTRAINT retention_tasks_key DO NOTHING
					""", kind.code(), subject, contactId, i + 1, Timestamp.from(dueTimes.get(i)), actionUrl, now, now);
		}
		return added;
	}

	/**
	 * A checkout was paid: cancels, in one statement, the SCHEDULED abandoned-checkout emails of its draft order and
	 * of every other draft order of the buyer for the same item (the buyer bought it), reason
	 * {@code order_completed}.
	 * @param draftOrderId the paid checkout's draft order
	 * @param buyerId opaque contact id
	 * @param itemId the item, or null (then only the draft order's own emails)
	 * @return tasks cancelled
	 */
	public int cancelAbandonedForCompletedOrder(String draftOrderId, String buyerId, String itemId) {
		return cancel(new String[] { draftOrderId }, new String[] { buyerId }, new String[] { itemId });
	}

	/**
	 * {@link #cancelAbandonedForCompletedOrder} for many completed drafts in one statement, with the same result as
	 * one call each once all of them are completed.
	 * @param drafts the completed drafts (their id, buyer and item)
	 * @return how many tasks were cancelled in all
	 */
	public int cancelAbandonedForCompletedOrders(List<DraftOrders.Draft> drafts) {
		if (drafts.isEmpty()) {
			return 0;
		}
		return cancel(drafts.stream().map(DraftOrders.Draft::id).toArray(String[]::new),
				drafts.stream().map(DraftOrders.Draft::buyerId).toArray(String[]::new),
				drafts.stream().map(DraftOrders.Draft::itemId).toArray(String[]::new));
	}

	private int cancel(String[] draftOrderIds, String[] buyerIds, String[] itemIds) {
		Timestamp now = Timestamp.from(this.clock.instant());
		Integer cancelled = this.jdbc.execute((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement(CANCEL_FOR_COMPLETED_SQL);
			statement.setTimestamp(1, now);
			statement.setArray(2, connection.createArrayOf("text", draftOrderIds));
			statement.setArray(3, connection.createArrayOf("text", buyerIds));
			statement.setArray(4, connection.createArrayOf("text", itemIds));
			return statement;
		}, (PreparedStatement statement) -> statement.executeUpdate());
		return (cancelled != null) ? cancelled : 0;
	}

	/**
	 * Cancels every SCHEDULED task of a kind for a contact, e.g. on unsubscribe.
	 * @param kind the kind
	 * @param contactId opaque contact id
	 * @param reason why
	 * @return tasks cancelled
	 */
	public int cancelForContact(TaskKind kind, String contactId, String reason) {
		return this.jdbc.update("""
				UPDATE retention_tasks SET status = 'CANCELLED', cancel_reason = ?, updated_at = ?
				WHERE kind = ? AND contact_id = ? AND status = 'SCHEDULED'
				""", reason, Timestamp.from(this.clock.instant()), kind.code(), contactId);
	}

}
