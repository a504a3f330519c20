package com.treasurybatch.jobs.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.List;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;

/**
 * {@code payouts}: every payout whose business date falls in the month, with its Stripe transfer and payout ids
 * and status, ordered by business date then id; CSV (RFC 4180, UTF-8). Amounts in minor units.
 */
@Component
class PayoutsReportRenderer implements ReportRenderer {

	static final String[] HEADER = { "payout_id", "business_date", "kind", "payee_account", "amount", "currency",
			"status", "stripe_transfer_id", "stripe_payout_id", "amount_reversed", "failure_code" };

	private final JdbcTemplate jdbc;

	PayoutsReportRenderer(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public ReportType type() {
		return ReportType.PAYOUTS;
	}

	@Override
	public List<ReportFile> plan(ReportRequest request) {
		return List.of(new ReportFile("payouts-" + request.period() + ".csv", null, ReportFile.CSV));
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		BufferedWriter text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
		ICSVWriter csv = new CSVWriter(text, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
				ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n");
		csv.writeNext(HEADER, false);
		String[] row = new String[HEADER.length];
		this.jdbc.query("""
				SELECT id, business_date, kind, payee_account, amount, currency, status, stripe_transfer_id,
				       stripe_payout_id, amount_reversed, failure_code
				FROM payouts WHERE business_date >= ? AND business_date < ?
				ORDER BY business_date, id""", (rs) -> {
			for (int i = 0; i < row.length; i++) {
				row[i] = rs.getString(i + 1);
			}
			csv.writeNext(row, false);
		}, Date.valueOf(request.firstDay()), Date.valueOf(request.endDay()));
		csv.flush();
		if (csv.checkError()) {
			throw new IOException("CSV writer reported an error", csv.getException());
		}
	}

}
