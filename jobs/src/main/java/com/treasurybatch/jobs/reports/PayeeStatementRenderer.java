package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.lowagie.text.Document;
import com.lowagie.text.pdf.PdfPTable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.privacy.Restrictions;
import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.TaxProfiles;

/**
 * {@code payee-statement}: one PDF per payee per month, per currency: opening balance, sales, refunds, disputes,
 * payouts, other movements and closing balance of the payee's {@code payable:<acct>} account, all sums of its
 * postings (credits positive: what the platform owes the payee), so every figure ties to the ledger and opening plus
 * movements is the closing balance. A reversal counts with what it reverses. The platform fees deducted from the
 * month's sales are shown beside ({@link PlatformFees}). Payees planned: those with a posting in the month or a
 * non-zero opening balance.
 */
@Component
class PayeeStatementRenderer implements ReportRenderer {

	private static final String PLAN_SQL = """
			SELECT a.code
			FROM ledger_accounts a
			JOIN postings p ON p.account_id = a.id
			JOIN journals j ON j.id = p.journal_id
			WHERE a.code LIKE 'payable:%' AND j.effective_at < ?
			GROUP BY a.code, p.currency
			HAVING bool_or(j.effective_at >= ?)
			    OR coalesce(sum(CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END), 0) <> 0
			ORDER BY a.code""";

	private static final String STATEMENT_SQL = """
			WITH moves AS (
			    SELECT p.currency, j.effective_at >= ? AS in_period, coalesce(r.kind, j.kind) AS kind,
			           CASE p.side WHEN 'C' THEN p.amount ELSE -p.amount END AS signed
			    FROM ledger_accounts a
			    JOIN postings p ON p.account_id = a.id
			    JOIN journals j ON j.id = p.journal_id
			    LEFT JOIN journals r ON r.id = j.reverses_journal_id
			    WHERE a.code = ? AND j.effective_at < ?
			)
			SELECT currency,
			       coalesce(sum(signed) FILTER (WHERE NOT in_period), 0)::bigint AS opening,
			       coalesce(sum(signed) FILTER (WHERE in_period AND kind = 'sale'), 0)::bigint AS sales,
			       coalesce(sum(signed) FILTER (WHERE in_period AND kind = 'refund'), 0)::bigint AS refunds,
			       coalesce(sum(signed) FILTER (WHERE in_period AND kind IN ('dispute_reserve', 'dispute_loss')), 0)::bigint AS disputes,
			       coalesce(sum(signed) FILTER (WHERE in_period AND kind IN ('payout', 'payout_failed', 'transfer_reversal')), 0)::bigint AS payouts,
			       coalesce(sum(signed) FILTER (WHERE in_period AND kind NOT IN ('sale', 'refund', 'dispute_reserve',
			           'dispute_loss', 'payout', 'payout_failed', 'transfer_reversal')), 0)::bigint AS other,
			       coalesce(sum(signed), 0)::bigint AS closing
			FROM moves GROUP BY currency ORDER BY currency""";

	private final JdbcTemplate jdbc;

	private final PlatformFees fees;

	private final TaxProfiles profiles;

	private final Restrictions restrictions;

	PayeeStatementRenderer(JdbcTemplate jdbc, PlatformFees fees, TaxProfiles profiles, Restrictions restrictions) {
		this.jdbc = jdbc;
		this.fees = fees;
		this.profiles = profiles;
		this.restrictions = restrictions;
	}

	@Override
	public ReportType type() {
		return ReportType.PAYEE_STATEMENT;
	}

	@Override
	public boolean readsOnly() {
		return true;
	}

	@Override
	public List<ReportFile> plan(ReportRequest request) {
		return this.jdbc
			.queryForList(PLAN_SQL, String.class, Timestamp.from(request.to()), Timestamp.from(request.from()))
			.stream()
			.distinct()
			.map((code) -> code.substring("payable:".length()))
			.map((payee) -> new ReportFile("statement-" + payee + ".pdf", payee, ReportFile.PDF))
			.toList();
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		String payee = file.subject();
		List<StatementLine> lines = this.jdbc.query(STATEMENT_SQL,
				(rs, row) -> new StatementLine(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
						rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)),
				Timestamp.from(request.from()), "payable:" + payee, Timestamp.from(request.to()));
		Map<String, Long> feesByCurrency = this.fees.of(payee, request)
			.stream()
			.collect(Collectors.toMap(PlatformFees.PayeeFees::currency, PlatformFees.PayeeFees::feesCents));
		Pdfs.Opened pdf = Pdfs.open(out, request.to(), request.key() + "/" + file.name());
		Document document = pdf.document();
		document.add(Pdfs.line("Payee statement " + request.period(), Pdfs.TITLE));
		// an erased payee's profile is restricted (GDPR Art. 18): the statement names the opaque account id only
		String legalName = this.restrictions.accountRestricted(payee) ? ""
				: this.profiles.find(payee).map((p) -> " (" + p.legalName() + ")").orElse("");
		document.add(Pdfs.line("Payee: " + payee + legalName, Pdfs.BODY));
		document.add(Pdfs.line("Period: " + request.firstDay() + " to " + request.endDay().minusDays(1)
				+ " (UTC). Amounts: what the platform owes you; negative amounts reduce it.", Pdfs.BODY));
		for (StatementLine line : lines) {
			line.checkTies(payee);
			String c = line.currency();
			PdfPTable table = Pdfs.table(3, 1);
			row(table, "Opening balance", line.opening(), c, true);
			row(table, "Sales (after platform fees)", line.sales(), c, false);
			row(table, "Refunds", line.refunds(), c, false);
			row(table, "Disputes", line.disputes(), c, false);
			row(table, "Payouts", line.payouts(), c, false);
			row(table, "Other adjustments", line.other(), c, false);
			row(table, "Closing balance", line.closing(), c, true);
			document.add(table);
			document.add(Pdfs.line("Platform fees deducted from this month's sales: "
					+ Pdfs.money(feesByCurrency.getOrDefault(c, 0L), c), Pdfs.SMALL));
		}
		document.close();
	}

	private static void row(PdfPTable table, String label, long cents, String currency, boolean bold) {
		Pdfs.cell(table, label, bold ? Pdfs.BOLD : Pdfs.BODY, false);
		Pdfs.cell(table, Pdfs.money(cents, currency), bold ? Pdfs.BOLD : Pdfs.BODY, true);
	}

	/** One currency of a statement, minor units. */
	record StatementLine(String currency, long opening, long sales, long refunds, long disputes, long payouts,
			long other, long closing) {

		/** Opening plus movements is closing: a statement that does not tie is a bug, never printed. */
		void checkTies(String payee) {
			if (this.opening + this.sales + this.refunds + this.disputes + this.payouts + this.other != this.closing) {
				throw new IllegalStateException("Statement of " + payee + " in " + this.currency + " does not tie: "
						+ this);
			}
		}

	}

}
