package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.lowagie.text.Document;
import com.lowagie.text.pdf.PdfPTable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.ledger.PayeeEntry;
import com.treasurybatch.shared.ledger.PayeeLedger;
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
 *
 * <p>Below the totals of each currency, every movement of the month, in effective order (then posting id): date and
 * time (UTC), kind (a reversal names the kind it reverses, the kind its amount is totalled under), the Stripe object
 * (the journal's source id), the amount and the running balance, from the opening balance to the closing balance.
 * The lines are read through {@link PayeeLedger#entriesFrom} and {@link PayeeLedger#entries}, a keyset page at a
 * time, and each page is flushed to the PDF before the next is read, so a payee with many thousand lines is never
 * held in memory. Totals and lines are read in one REPEATABLE READ transaction, so both see the same journals; lines
 * that do not run from the opening to the closing balance (a bug) fail the file, never print.
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

	private static final DateTimeFormatter MOVED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final Restrictions restrictions;

	private final PayeeLedger payeeLedger;

	private final TransactionTemplate sameSnapshot;

	PayeeStatementRenderer(JdbcTemplate jdbc, PlatformFees fees, TaxProfiles profiles, Restrictions restrictions,
			PayeeLedger payeeLedger, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.fees = fees;
		this.profiles = profiles;
		this.restrictions = restrictions;
		this.payeeLedger = payeeLedger;
		this.sameSnapshot = new TransactionTemplate(transactionManager);
		this.sameSnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.sameSnapshot.setReadOnly(true);
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
		try {
			this.sameSnapshot.executeWithoutResult((status) -> {
				try {
					render(request, file, out);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private void render(ReportRequest request, ReportFile file, OutputStream out) throws IOException {
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
			movements(document, request, payee, line);
		}
		document.close();
	}

	/**
	 * The month's lines of one currency, page by page: each page of {@link PayeeLedger#PAGE_MAX} lines is added to
	 * the table and the table flushed to the document (OpenPDF writes the finished pages out), so only one page of
	 * lines is in memory. The running balance starts at the totals' opening balance and must end at their closing
	 * balance.
	 */
	private void movements(Document document, ReportRequest request, String payee, StatementLine line) {
		String c = line.currency();
		String code = c.toUpperCase(Locale.ROOT);
		document.add(Pdfs.line("Movements in " + code, Pdfs.BOLD));
		// points of the 499 between the margins; a payout key (payout:nightly:acct_...:usd:<date>) fits on one line
		PdfPTable table = Pdfs.table(72, 92, 215, 60, 60);
		table.setHeaderRows(1);
		table.setComplete(false);
		for (String header : List.of("Date (UTC)", "Kind", "Stripe object", "Amount " + code, "Balance " + code)) {
			Pdfs.cell(table, header, Pdfs.BOLD, header.startsWith("Amount") || header.startsWith("Balance"));
		}
		movement(table, request.firstDay().toString(), "opening balance", "", "", Money.amount(line.opening(), c));
		long balance = line.opening();
		long lines = 0;
		// rows added since the table was last written out (the opening row counts)
		int pending = 1;
		PayeeEntry after = null;
		List<PayeeEntry> page;
		do {
			page = (after == null)
					? this.payeeLedger.entriesFrom(payee, c, request.from(), request.to(), line.opening(),
							PayeeLedger.PAGE_MAX)
					: this.payeeLedger.entries(payee, c, request.from(), request.to(), after, PayeeLedger.PAGE_MAX);
			Map<Long, String> reversed = this.payeeLedger.reversedKinds(page);
			for (PayeeEntry entry : page) {
				balance = entry.balanceCents();
				String kind = reversed.containsKey(entry.journalId())
						? entry.kind() + " of " + reversed.get(entry.journalId()) : entry.kind();
				movement(table, MOVED_AT.format(entry.effectiveAt()), kind, entry.stripeObject(),
						Money.amount(entry.signedCents(), c), Money.amount(entry.balanceCents(), c));
				lines++;
				pending++;
			}
			if (page.size() == PayeeLedger.PAGE_MAX) {
				// writes the rows so far out and drops them, keeping the header for the rows still to come
				document.add(table);
				pending = 0;
				after = page.get(page.size() - 1);
			}
		}
		while (page.size() == PayeeLedger.PAGE_MAX);
		if (balance != line.closing()) {
			throw new IllegalStateException("Statement of " + payee + " in " + c + ": its " + lines
					+ " lines run from the opening " + line.opening() + " to " + balance + ", the closing balance is "
					+ line.closing());
		}
		table.setComplete(true);
		if (pending > 0) {
			// a month of an exact multiple of a page's lines was written out whole: no header alone at the end
			document.add(table);
		}
		document.add(Pdfs.line(lines + ((lines == 1) ? " movement" : " movements") + " in " + code + " from "
				+ request.firstDay() + " to " + request.endDay().minusDays(1) + ".", Pdfs.SMALL));
	}

	private static void movement(PdfPTable table, String at, String kind, String stripeObject, String amount,
			String balance) {
		Pdfs.cell(table, at, Pdfs.SMALL, false);
		Pdfs.cell(table, kind, Pdfs.SMALL, false);
		Pdfs.cell(table, stripeObject, Pdfs.SMALL, false);
		Pdfs.cell(table, amount, Pdfs.SMALL, true);
		Pdfs.cell(table, balance, Pdfs.SMALL, true);
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
