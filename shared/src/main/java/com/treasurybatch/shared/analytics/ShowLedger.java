package com.treasurybatch.shared.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The one definition of a show's financials from the ledger, used by {@code analytics-rollups} (stored in
 * {@code analytics_show_financials}) and by {@code report-generation}'s {@code event-report}.
 * <p>A show's orders are the paid ticket orders of view {@code ticket_order_shows} (hold's ticket type, else
 * {@code tb_item_id} as a ticket type, else {@code tb_item_id} itself; README "Webhook metadata conventions"), whose
 * sale journal is effective in [from, to). Their money is read from the journals booked for them
 * (jobs/inbox/README.md), those effective before {@code to}:
 * <ul>
 * <li>sale journals: gross (their credits other than {@code platform:tax_payable}: sales tax is neither the
 * show's nor its payees'), the platform fee ({@code platform:fee_revenue} credit), payable ({@code payable:*} and
 * {@code platform:suspense} credits);</li>
 * <li>Stripe's fee: the {@code stripe_fee} journals of the sales' charge balance transactions;</li>
 * <li>refund journals ({@code charge_refunds}, less their {@code refund_failure} reversals): refunds (the fee and
 * payable parts given back), tax and cash left out;</li>
 * <li>dispute reserve journals ({@code dispute_sales}): the payees' part held (payable debits), less the reserve
 * journals' reversals on won disputes (payable credits). The lost dispute's own journal moves the reserve and the
 * platform's part ({@code platform:dispute_losses}), not payables.</li>
 * </ul>
 * Net payable is the sum of the payable postings, so {@code gross - refunds - disputes = fees + net payable}.
 */
public class ShowLedger {

	/** Bounds of "all time" for the rollup: before any journal, after any. */
	public static final Instant ALL_TIME_FROM = Instant.parse("1970-01-01T00:00:00Z");

	/** Bounds of "all time" for the rollup: before any journal, after any. */
	public static final Instant ALL_TIME_TO = Instant.parse("9999-01-01T00:00:00Z");

	private static final String PAYABLE = "(a.code LIKE 'payable:%' OR a.code = 'platform:suspense')";

	/** Per (show, currency), sorted; named parameters {@code from}, {@code to}, {@code show} (null: every show). */
	private static final String FINANCIALS = """
			WITH show_orders AS MATERIALIZED (
			    SELECT o.show_id, o.order_id, o.currency, o.journal_id
			      FROM ticket_order_shows o JOIN journals j ON j.id = o.journal_id
			     WHERE j.effective_at >= :from AND j.effective_at < :to
			       AND (CAST(:show AS text) IS NULL OR o.show_id = CAST(:show AS text))),
			moves AS (
			    SELECT o.show_id, o.currency, 'sale' AS part, p.side, a.code, p.amount
			      FROM show_orders o JOIN postings p ON p.journal_id = o.journal_id
			      JOIN ledger_accounts a ON a.id = p.account_id
			    UNION ALL
			    SELECT o.show_id, o.currency, 'refund', p.side, a.code, p.amount
			      FROM show_orders o JOIN charge_refunds r ON r.order_id = o.order_id
			      JOIN journals j ON (j.id = r.journal_id OR j.id = r.failure_journal_id) AND j.effective_at < :to
			      JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
			    UNION ALL
			    SELECT o.show_id, o.currency, 'stripe_fee', p.side, a.code, p.amount
			      FROM show_orders o JOIN orders so ON so.id = o.order_id
			      JOIN (SELECT DISTINCT txn_id, payment_intent FROM reconciliation_stripe_rows
			             WHERE type IN ('charge', 'payment')) s ON s.payment_intent = so.payment_intent
			      JOIN journals j ON j.source_id = s.txn_id AND j.kind = 'stripe_fee' AND j.effective_at < :to
			      JOIN postings p ON p.journal_id = j.id AND p.currency = o.currency
			      JOIN ledger_accounts a ON a.id = p.account_id AND a.code = 'platform:stripe_fees'
			    UNION ALL
			    SELECT o.show_id, o.currency, 'dispute', p.side, a.code, p.amount
			      FROM show_orders o JOIN dispute_sales d ON d.order_id = o.order_id
			      JOIN journals j ON j.source_id = d.dispute_id AND j.kind = 'dispute_reserve' AND j.effective_at < :to
			      JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
			    UNION ALL
			    SELECT o.show_id, o.currency, 'dispute', p.side, a.code, p.amount
			      FROM show_orders o JOIN dispute_sales d ON d.order_id = o.order_id
			      JOIN journals rj ON rj.source_id = d.dispute_id AND rj.kind = 'dispute_reserve'
			      JOIN journals j ON j.reverses_journal_id = rj.id AND j.effective_at < :to
			      JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id),
			money AS (
			    SELECT show_id, currency,
			           coalesce(sum(amount) FILTER (WHERE part = 'sale' AND side = 'C' AND code <> 'platform:tax_payable'), 0)
			               AS gross,
			           coalesce(sum(CASE side WHEN 'C' THEN amount ELSE -amount END)
			                    FILTER (WHERE part <> 'dispute' AND code = 'platform:fee_revenue'), 0) AS fees,
			           coalesce(sum(CASE side WHEN 'D' THEN amount ELSE -amount END) FILTER (WHERE part = 'stripe_fee'), 0)
			               AS stripe_fees,
			           coalesce(sum(CASE side WHEN 'D' THEN amount ELSE -amount END)
			                    FILTER (WHERE part = 'refund' AND code NOT IN ('platform:cash', 'platform:tax_payable')), 0)
			               AS refunds,
			           coalesce(sum(CASE side WHEN 'D' THEN amount ELSE -amount END)
			                    FILTER (WHERE part = 'dispute' AND PAYABLE), 0) AS disputes,
			           coalesce(sum(CASE side WHEN 'C' THEN amount ELSE -amount END) FILTER (WHERE PAYABLE), 0)
			               AS net_payable
			      FROM moves a GROUP BY show_id, currency),
			counted AS (SELECT show_id, currency, count(*) AS orders FROM show_orders GROUP BY show_id, currency)
			SELECT c.show_id, c.currency, c.orders, m.gross, m.fees, m.stripe_fees, m.refunds, m.disputes, m.net_payable
			  FROM counted c JOIN money m ON m.show_id = c.show_id AND m.currency = c.currency
			 ORDER BY c.show_id, c.currency""".replace("PAYABLE", PAYABLE);

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	/** @param jdbc template on the application's database */
	public ShowLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
	}

	/**
	 * The shows with paid ticket sales effective in [from, to), sorted.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<String> shows(Instant from, Instant to) {
		return this.jdbc.queryForList("""
				SELECT DISTINCT o.show_id FROM ticket_order_shows o JOIN journals j ON j.id = o.journal_id
				 WHERE j.effective_at >= ? AND j.effective_at < ? ORDER BY o.show_id""", String.class,
				Timestamp.from(from), Timestamp.from(to));
	}

	/**
	 * A show's financials over its ticket sales effective in [from, to) with their refunds and disputes effective
	 * before {@code to}: one per currency, sorted by currency; empty when it sold nothing then.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<ShowFinancials> financials(String showId, Instant from, Instant to) {
		Objects.requireNonNull(showId, "showId");
		return this.named.query(FINANCIALS, parameters(from, to, showId), ShowLedger::row);
	}

	/**
	 * Replaces every row of {@code analytics_show_financials} with every show's all-time financials, in the
	 * caller's transaction (upserted, so that two runs at once both end with the same rows).
	 * @param now stamped as {@code updated_at}, UTC
	 * @return rows written
	 * @throws DataAccessException if the database cannot be reached
	 */
	public int storeAll(Instant now) {
		this.jdbc.update("DELETE FROM analytics_show_financials");
		MapSqlParameterSource parameters = parameters(ALL_TIME_FROM, ALL_TIME_TO, null).addValue("now",
				Timestamp.from(now));
		return this.named.update("""
				INSERT INTO analytics_show_financials (show_id, currency, orders, gross, fees, stripe_fees, refunds,
				                                       disputes, net_payable, updated_at)
				SELECT show_id, currency, orders, gross, fees, stripe_fees, refunds, disputes, net_payable, :now
				  FROM (""" + FINANCIALS + """
				) f ON CONFLICT (show_id, currency) DO UPDATE
				   SET orders = EXCLUDED.orders, gross = EXCLUDED.gross, fees = EXCLUDED.fees,
				       stripe_fees = EXCLUDED.stripe_fees, refunds = EXCLUDED.refunds, disputes = EXCLUDED.disputes,
				       net_payable = EXCLUDED.net_payable, updated_at = EXCLUDED.updated_at""", parameters);
	}

	private static MapSqlParameterSource parameters(Instant from, Instant to, String showId) {
		return new MapSqlParameterSource().addValue("from", Timestamp.from(from))
			.addValue("to", Timestamp.from(to))
			.addValue("show", showId, java.sql.Types.VARCHAR);
	}

	private static ShowFinancials row(ResultSet row, int n) throws SQLException {
		return new ShowFinancials(row.getString("show_id"), row.getString("currency").trim(), row.getLong("orders"),
				row.getLong("gross"), row.getLong("fees"), row.getLong("stripe_fees"), row.getLong("refunds"),
				row.getLong("disputes"), row.getLong("net_payable"), null);
	}

}
