package com.treasurybatch.jobs.reports;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Show figures from the ledger: the paid ticket orders of a show ({@code orders.item_type = 'ticket'}, item id =
 * show id) whose sale journal is effective in the period. Gross is what buyers paid; fees are the platform's fee
 * and Stripe's fee booked on those sales; refunds are the refunds booked against them up to the period's end; net
 * is gross minus fees and refunds.
 */
@Component
class LedgerEventFigures implements EventFigures {

	private static final String FIGURES_SQL = """
			WITH sales AS (
			    SELECT o.checkout_session_id, o.amount_total, o.currency, o.journal_id
			    FROM orders o JOIN journals j ON j.id = o.journal_id
			    WHERE o.item_type = 'ticket' AND o.item_id = ? AND j.effective_at >= ? AND j.effective_at < ?
			)
			SELECT s.currency, count(*) AS tickets, sum(s.amount_total)::bigint AS gross,
			       coalesce(sum((SELECT sum(p.amount) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			                     WHERE p.journal_id = s.journal_id
			                       AND a.code IN ('platform:fee_revenue', 'platform:stripe_fees'))), 0)::bigint AS fees,
			       coalesce(sum((SELECT sum(r.amount) FROM charge_refunds r JOIN journals rj ON rj.id = r.journal_id
			                     WHERE r.checkout_session_id = s.checkout_session_id AND rj.effective_at < ?)), 0)::bigint
			           AS refunds
			FROM sales s GROUP BY s.currency ORDER BY s.currency""";

	private final JdbcTemplate jdbc;

	LedgerEventFigures(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<String> shows(ReportRequest request) {
		return this.jdbc.queryForList("""
				SELECT DISTINCT o.item_id FROM orders o JOIN journals j ON j.id = o.journal_id
				WHERE o.item_type = 'ticket' AND o.item_id IS NOT NULL AND j.effective_at >= ? AND j.effective_at < ?
				ORDER BY o.item_id""", String.class, Timestamp.from(request.from()), Timestamp.from(request.to()));
	}

	@Override
	public List<ShowFigures> figures(String showId, ReportRequest request) {
		return this.jdbc.query(FIGURES_SQL, (rs, row) -> {
			long gross = rs.getLong("gross");
			long fees = rs.getLong("fees");
			long refunds = rs.getLong("refunds");
			return new ShowFigures(showId, rs.getString("currency").trim(),
					List.of(new ShowFigures.Kpi("Tickets sold", rs.getLong("tickets"), false),
							new ShowFigures.Kpi("Gross sales", gross, true),
							new ShowFigures.Kpi("Fees (platform and Stripe)", fees, true),
							new ShowFigures.Kpi("Refunds", refunds, true),
							new ShowFigures.Kpi("Net", gross - fees - refunds, true)));
		}, showId, Timestamp.from(request.from()), Timestamp.from(request.to()), Timestamp.from(request.to()));
	}

}
