package com.treasurybatch.shared.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code draft_orders} table: a buyer's checkout, OPEN, then COMPLETED or EXPIRED (an EXPIRED one may still
 * complete later: a recovered checkout keeps its {@code expired_at}).
 */
@Component
public class DraftOrders {

	private static final String COMPLETE_ALL_SQL = """
			INSERT INTO draft_orders AS d (id, buyer_id, hold_id, item_type, item_id, checkout_session_id, amount_total,
			    currency, status, created_at, completed_at)
			SELECT i.id, i.buyer_id, i.hold_id, i.item_type, i.item_id, i.checkout_session_id, i.amount_total,
			       i.currency, 'COMPLETED', i.created_at, i.completed_at
			FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
			            ?::timestamptz[], ?::timestamptz[]) WITH ORDINALITY
			    AS i (id, buyer_id, hold_id, item_type, item_id, checkout_session_id, amount_total, currency,
			          created_at, completed_at, n)
			ORDER BY i.n
			ON CONFLICT (id) DO UPDATE SET status = 'COMPLETED', completed_at = EXCLUDED.completed_at,
			    checkout_session_id = EXCLUDED.checkout_session_id
			WHERE d.status <> 'COMPLETED'
			""";

	private final JdbcTemplate jdbc;

	public DraftOrders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A draft order as a Checkout Session describes it.
	 *
	 * @param id draft order id (metadata {@code tb_draft_order}, else the session id)
	 * @param buyerId opaque contact id
	 * @param holdId ticket hold, or null
	 * @param itemType metadata {@code tb_item_type}, or null
	 * @param itemId metadata {@code tb_item_id}, or null
	 * @param checkoutSessionId {@code cs_...}
	 * @param amountTotal minor units, or null
	 * @param currency lowercase ISO 4217, or null
	 * @param created when the session was created (UTC)
	 */
	public record Draft(String id, String buyerId, Long holdId, String itemType, String itemId,
			String checkoutSessionId, Long amountTotal, String currency, Instant created) {
	}

	/**
	 * Marks a draft order EXPIRED (abandoned), creating it if the product side never told us of it. A COMPLETED
	 * order stays COMPLETED.
	 * @param draft the order
	 * @param recoveryUrl where the buyer can resume
	 * @param at when it expired (UTC)
	 * @return true if the order is EXPIRED now (not completed)
	 */
	public boolean expire(Draft draft, String recoveryUrl, Instant at) {
		return 1 == this.jdbc.update("""
				INSERT INTO draft_orders (id, buyer_id, hold_id, item_type, item_id, checkout_session_id, amount_total,
				    currency, recovery_url, status, created_at, expired_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'EXPIRED', ?, ?)
				ON CONFLICT (id) DO UPDATE SET status = 'EXPIRED', recovery_url = EXCLUDED.recovery_url,
				    expired_at = coalesce(draft_orders.expired_at, EXCLUDED.expired_at),
				    checkout_session_id = EXCLUDED.checkout_session_id
				WHERE draft_orders.status <> 'COMPLETED'
				""", draft.id(), draft.buyerId(), draft.holdId(), draft.itemType(), draft.itemId(),
				draft.checkoutSessionId(), draft.amountTotal(), draft.currency(), recoveryUrl,
				Timestamp.from(draft.created()), Timestamp.from(at));
	}

	/**
	 * Marks a draft order COMPLETED (paid), creating it if unknown. Idempotent.
	 * @param draft the order
	 * @param at when it was paid (UTC)
	 */
	public void complete(Draft draft, Instant at) {
		completeAll(List.of(draft), List.of(at));
	}

	/**
	 * {@link #complete} for many drafts in one statement, with the same result as one call each in their order (a
	 * draft met twice is completed by its first).
	 * @param drafts the paid drafts
	 * @param at when each was paid (UTC), one per draft
	 * @throws IllegalArgumentException if the lists differ in size
	 */
	public void completeAll(List<Draft> drafts, List<Instant> at) {
		if (drafts.size() != at.size()) {
			throw new IllegalArgumentException(drafts.size() + " drafts but " + at.size() + " times");
		}
		Map<String, Integer> first = new LinkedHashMap<>();
		for (int i = 0; i < drafts.size(); i++) {
			first.putIfAbsent(drafts.get(i).id(), i);
		}
		if (first.isEmpty()) {
			return;
		}
		int size = first.size();
		Object[][] columns = new Object[10][size];
		int r = 0;
		for (int i : first.values()) {
			Object[] row = completeArguments(drafts.get(i), at.get(i));
			for (int c = 0; c < row.length; c++) {
				columns[c][r] = row[c];
			}
			r++;
		}
		String[] types = { "text", "text", "bigint", "text", "text", "text", "bigint", "text", "timestamptz",
				"timestamptz" };
		this.jdbc.execute((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement(COMPLETE_ALL_SQL);
			for (int c = 0; c < columns.length; c++) {
				statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
			}
			return statement;
		}, (PreparedStatement statement) -> statement.executeUpdate());
	}

	private static Object[] completeArguments(Draft draft, Instant at) {
		return new Object[] { draft.id(), draft.buyerId(), draft.holdId(), draft.itemType(), draft.itemId(),
				draft.checkoutSessionId(), draft.amountTotal(), draft.currency(), Timestamp.from(draft.created()),
				Timestamp.from(at) };
	}

	/**
	 * Whether the buyer completed a checkout for the same item since a time.
	 * @param buyerId opaque contact id
	 * @param itemId the item, may be null (then false)
	 * @param since UTC
	 * @return true if so
	 */
	public boolean completedSince(String buyerId, String itemId, Instant since) {
		if (itemId == null) {
			return false;
		}
		return Boolean.TRUE.equals(this.jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM draft_orders WHERE buyer_id = ? AND item_id = ? AND status = 'COMPLETED'
				    AND completed_at >= ?)
				""", Boolean.class, buyerId, itemId, Timestamp.from(since)));
	}

}
