package com.treasurybatch.jobs.analytics;

import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.analytics.ShowLedger;
import com.treasurybatch.shared.testing.PostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every show's financials ({@link ShowLedger#storeAll}, what {@code showFinancialsStep} runs) against a hand-written
 * floor, same database, same run:
 * <ol>
 * <li>{@value #ORDERS_DEFAULT} paid ticket orders over 500 shows (a third naming a ticket type, a third only their
 * converted hold, a third the show itself), each with its sale journal (4 postings); 5 % fully refunded (refund
 * journal and {@code charge_refunds} row), 1 % disputed (reserve journal and {@code dispute_sales} row); loaded with
 * {@code INSERT ... SELECT generate_series} and vacuumed (not measured);</li>
 * <li>baseline: one {@code INSERT ... SELECT} aggregating each part per order with the show rule inline; the
 * faster of two runs counts (one before, one after ours);</li>
 * <li>ours: {@code ShowLedger.storeAll}; its rows must equal the baseline's.</li>
 * </ol>
 * Prints both figures and the ratio.
 *
 * <p>{@code ./mvnw -Pbench -pl jobs -am verify -Dtest=ShowFinancialsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.shows.orders=N} for another size).
 */
@Tag("benchmark")
@SpringBootTest
@PostgresTest
class ShowFinancialsBenchmark {

	static final int ORDERS_DEFAULT = 1_000_000;

	private static final int ORDERS = Integer.getInteger("bench.shows.orders", ORDERS_DEFAULT);

	/** Gross of order {@code i}, minor units. */
	private static final String GROSS = "(1000 + (i % 50) * 100)";

	private static final String[] LOAD = {
			"INSERT INTO ledger_accounts (code, type) SELECT 'payable:acct_bench' || p, 'LIABILITY'"
					+ " FROM generate_series(0, 99) p ON CONFLICT DO NOTHING",
			"INSERT INTO ticketed_events (id, title, starts_at) SELECT 'bshow-' || s, 'bench', now()"
					+ " FROM generate_series(0, 499) s",
			"""
			INSERT INTO ticket_types (id, event_id, name, price, currency, quantity_total, sale_starts_at, sale_ends_at)
			SELECT 'btt-' || s, 'bshow-' || s, 'bench', 1000, 'usd', 1000000000, now() - interval '1 day',
			       now() + interval '1 day' FROM generate_series(0, 499) s""",
			"""
			INSERT INTO journals (kind, source_id, description, effective_at)
			SELECT 'sale', 'cs_bench' || i, 'bench', timestamptz '2030-01-01 00:00Z' + i * interval '1 second'
			  FROM generate_series(1, %d) i""",
			"""
			INSERT INTO postings (journal_id, account_id, side, amount, currency)
			SELECT j.id, a.id, v.side, v.amount, 'usd'
			  FROM (SELECT id, substring(source_id FROM 9)::bigint AS i FROM journals
			         WHERE kind = 'sale' AND source_id LIKE 'cs\\_bench%%') j
			 CROSS JOIN LATERAL (VALUES ('platform:cash', 'D', GROSS - 30), ('platform:stripe_fees', 'D', 30),
			                            ('platform:fee_revenue', 'C', GROSS / 10),
			                            ('payable:acct_bench' || (j.i %% 100), 'C', GROSS - GROSS / 10)) v(code, side, amount)
			  JOIN ledger_accounts a ON a.code = v.code""",
			"""
			INSERT INTO orders (checkout_session_id, payment_intent, item_type, item_id, amount_total, currency,
			                    payment_status, status, journal_id, created_at, updated_at)
			SELECT j.source_id, 'pi_bench' || i, 'ticket',
			       CASE i %% 3 WHEN 0 THEN 'btt-' || (i %% 500) WHEN 1 THEN NULL ELSE 'bshow-' || (i %% 500) END,
			       GROSS, 'usd', 'paid', 'PAID', j.id, j.effective_at, j.effective_at
			  FROM (SELECT *, substring(source_id FROM 9)::bigint AS i FROM journals
			         WHERE kind = 'sale' AND source_id LIKE 'cs\\_bench%%') j""",
			"""
			INSERT INTO ticket_holds (ticket_type_id, buyer_id, quantity, status, created_at, expires_at, converted_at,
			                          checkout_session_id)
			SELECT 'btt-' || (i %% 500), 'ct_benchbuyer', 1, 'CONVERTED', now(), now() + interval '15 minutes', now(),
			       'cs_bench' || i FROM generate_series(1, %d) i WHERE i %% 3 = 1""",
			"""
			INSERT INTO journals (kind, source_id, description, effective_at)
			SELECT 'refund', 're_bench' || i, 'bench', timestamptz '2030-02-01 00:00Z' + i * interval '1 second'
			  FROM generate_series(1, %d) i WHERE i %% 20 = 0""",
			"""
			INSERT INTO postings (journal_id, account_id, side, amount, currency)
			SELECT j.id, a.id, v.side, v.amount, 'usd'
			  FROM (SELECT id, substring(source_id FROM 9)::bigint AS i FROM journals
			         WHERE kind = 'refund' AND source_id LIKE 're\\_bench%%') j
			 CROSS JOIN LATERAL (VALUES ('platform:fee_revenue', 'D', GROSS / 10),
			                            ('payable:acct_bench' || (j.i %% 100), 'D', GROSS - GROSS / 10),
			                            ('platform:cash', 'C', GROSS)) v(code, side, amount)
			  JOIN ledger_accounts a ON a.code = v.code""",
			"""
			INSERT INTO charge_refunds (refund_id, charge_id, payment_intent, checkout_session_id, amount, currency,
			                            journal_id, event_id, created_at)
			SELECT j.source_id, 'ch_bench' || i, 'pi_bench' || i, 'cs_bench' || i, GROSS, 'usd', j.id, 'evt_' || j.source_id,
			       j.effective_at
			  FROM (SELECT *, substring(source_id FROM 9)::bigint AS i FROM journals
			         WHERE kind = 'refund' AND source_id LIKE 're\\_bench%%') j""",
			"""
			INSERT INTO journals (kind, source_id, description, effective_at)
			SELECT 'dispute_reserve', 'du_bench' || i, 'bench', timestamptz '2030-03-01 00:00Z' + i * interval '1 second'
			  FROM generate_series(1, %d) i WHERE i %% 100 = 7""",
			"""
			INSERT INTO postings (journal_id, account_id, side, amount, currency)
			SELECT j.id, a.id, v.side, v.amount, 'usd'
			  FROM (SELECT id, substring(source_id FROM 9)::bigint AS i FROM journals
			         WHERE kind = 'dispute_reserve' AND source_id LIKE 'du\\_bench%%') j
			 CROSS JOIN LATERAL (VALUES ('payable:acct_bench' || (j.i %% 100), 'D', GROSS - GROSS / 10),
			                            ('platform:dispute_reserve', 'C', GROSS - GROSS / 10)) v(code, side, amount)
			  JOIN ledger_accounts a ON a.code = v.code""",
			"""
			INSERT INTO dispute_sales (dispute_id, checkout_session_id, created_at)
			SELECT 'du_bench' || i, 'cs_bench' || i, now() FROM generate_series(1, %d) i WHERE i %% 100 = 7""" };

	/** The same figures, hand-written: each part summed per order, then per show. */
	private static final String BASELINE = """
			INSERT INTO analytics_show_financials (show_id, currency, orders, gross, fees, stripe_fees, refunds,
			                                       disputes, net_payable, updated_at)
			WITH shown AS (
			    SELECT o.checkout_session_id, o.currency, o.journal_id,
			           coalesce((SELECT t.event_id FROM ticket_holds h JOIN ticket_types t ON t.id = h.ticket_type_id
			                      WHERE h.checkout_session_id = o.checkout_session_id AND h.status = 'CONVERTED'
			                      ORDER BY h.id LIMIT 1),
			                    (SELECT t.event_id FROM ticket_types t WHERE t.id = o.item_id), o.item_id) AS show_id
			      FROM orders o WHERE o.item_type = 'ticket' AND o.status = 'PAID' AND o.journal_id IS NOT NULL),
			sale AS (
			    SELECT p.journal_id,
			           sum(p.amount) FILTER (WHERE p.side = 'C') AS gross,
			           sum(p.amount) FILTER (WHERE a.code = 'platform:fee_revenue') AS fee,
			           sum(p.amount) FILTER (WHERE a.code = 'platform:stripe_fees') AS stripe,
			           sum(p.amount) FILTER (WHERE p.side = 'C' AND a.code <> 'platform:fee_revenue') AS payable
			      FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			     WHERE p.journal_id IN (SELECT journal_id FROM shown) GROUP BY p.journal_id),
			refund AS (
			    SELECT r.checkout_session_id, sum(p.amount) FILTER (WHERE a.code = 'platform:cash') AS refunded,
			           sum(p.amount) FILTER (WHERE a.code = 'platform:fee_revenue') AS fee,
			           sum(p.amount) FILTER (WHERE a.code LIKE 'payable:%' OR a.code = 'platform:suspense') AS payable
			      FROM charge_refunds r JOIN postings p ON p.journal_id = r.journal_id
			      JOIN ledger_accounts a ON a.id = p.account_id GROUP BY r.checkout_session_id),
			dispute AS (
			    SELECT d.checkout_session_id, sum(p.amount) AS held
			      FROM dispute_sales d JOIN journals j ON j.source_id = d.dispute_id AND j.kind = 'dispute_reserve'
			      JOIN postings p ON p.journal_id = j.id AND p.side = 'D' GROUP BY d.checkout_session_id)
			SELECT o.show_id, o.currency, count(*), sum(s.gross), sum(s.fee - coalesce(r.fee, 0)), sum(s.stripe),
			       coalesce(sum(r.refunded), 0), coalesce(sum(d.held), 0),
			       sum(s.payable - coalesce(r.payable, 0) - coalesce(d.held, 0)), now()
			  FROM shown o JOIN sale s ON s.journal_id = o.journal_id
			  LEFT JOIN refund r ON r.checkout_session_id = o.checkout_session_id
			  LEFT JOIN dispute d ON d.checkout_session_id = o.checkout_session_id
			 GROUP BY o.show_id, o.currency""";

	private static final String DIGEST = """
			SELECT count(*) || ':' || sum(hashtext(concat_ws(' ', show_id, currency, orders, gross, fees, stripe_fees,
			                                                  refunds, disputes, net_payable))::bigint)
			  FROM analytics_show_financials""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	ShowLedger showLedger;

	@Test
	void every_shows_financials_against_one_hand_written_insert_select() {
		long loadStarted = System.nanoTime();
		this.transaction.executeWithoutResult((status) -> {
			for (String sql : LOAD) {
				this.jdbc.update(sql.formatted(ORDERS).replace("GROSS", GROSS));
			}
		});
		this.jdbc.execute("VACUUM (ANALYZE)");
		System.out.printf("show financials bench: %,d ticket orders loaded in %.1f s (setup, not measured)%n", ORDERS,
				seconds(System.nanoTime() - loadStarted));

		double firstBaseline = baseline();
		String expected = this.jdbc.queryForObject(DIGEST, String.class);

		long oursStarted = System.nanoTime();
		int rows = this.transaction.execute((status) -> this.showLedger.storeAll(Instant.now()));
		double ours = seconds(System.nanoTime() - oursStarted);
		assertThat(this.jdbc.queryForObject(DIGEST, String.class)).as("same figures as the baseline").isEqualTo(expected);

		double baseline = Math.min(firstBaseline, baseline());
		System.out.printf("show financials bench: %,d orders, %d shows: ShowLedger.storeAll %.2f s, hand-written INSERT"
				+ " ... SELECT %.2f s, ratio %.2f%n", ORDERS, rows, ours, baseline, ours / baseline);
		assertThat(rows).isEqualTo(500);
	}

	private double baseline() {
		long started = System.nanoTime();
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("DELETE FROM analytics_show_financials");
			this.jdbc.update(BASELINE);
		});
		return seconds(System.nanoTime() - started);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
