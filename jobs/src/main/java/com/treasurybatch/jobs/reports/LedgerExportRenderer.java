package com.treasurybatch.jobs.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;

import javax.sql.DataSource;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;
import com.treasurybatch.shared.reports.ReportsProperties;

/**
 * {@code ledger-export}: every posting of the journals effective in a month, one row each, ordered by journal id
 * then posting id: CSV (OpenCSV, RFC 4180: header row, CRLF, quotes only where needed, UTF-8) or JSON Lines.
 * Streamed from a server-side cursor ({@code fetch-size} rows per round trip): memory stays constant whatever the
 * month holds. Amounts are positive minor units; {@code side} D or C; times ISO-8601 UTC with microseconds.
 */
@Component
class LedgerExportRenderer implements ReportRenderer {

	/** Column names, in order. */
	static final String[] HEADER = { "journal_id", "journal_kind", "source_id", "description", "effective_at",
			"posting_id", "account", "side", "amount", "currency" };

	/** The rows of a period (parameters: from inclusive, to exclusive); also the benchmark's baseline query. */
	static final String SQL = """
			SELECT j.id, j.kind, j.source_id, j.description,
			       to_char(j.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
			       p.id, a.code, p.side, p.amount, p.currency
			FROM journals j
			JOIN postings p ON p.journal_id = j.id
			JOIN ledger_accounts a ON a.id = p.account_id
			WHERE j.effective_at >= ? AND j.effective_at < ?
			ORDER BY j.id, p.id""";

	private final JdbcTemplate streaming;

	LedgerExportRenderer(DataSource dataSource, ReportsProperties properties) {
		this.streaming = new JdbcTemplate(dataSource);
		this.streaming.setFetchSize(properties.fetchSize());
	}

	@Override
	public ReportType type() {
		return ReportType.LEDGER_EXPORT;
	}

	@Override
	public List<ReportFile> plan(ReportRequest request) {
		return List.of(new ReportFile("ledger-" + request.period() + "." + request.format(), null,
				ReportFile.contentTypeOf(request.format())));
	}

	@Override
	public void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException {
		Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
		try {
			if ("csv".equals(request.format())) {
				writeCsv(request, text);
			}
			else {
				writeJsonLines(request, text);
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		text.flush();
	}

	private void writeCsv(ReportRequest request, Writer text) throws IOException {
		ICSVWriter csv = new CSVWriter(text, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
				ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n");
		csv.writeNext(HEADER, false);
		String[] row = new String[HEADER.length];
		this.streaming.query(SQL, (rs) -> {
			for (int i = 0; i < row.length; i++) {
				row[i] = rs.getString(i + 1);
			}
			csv.writeNext(row, false);
		}, Timestamp.from(request.from()), Timestamp.from(request.to()));
		csv.flush();
		if (csv.checkError()) {
			throw new IOException("CSV writer reported an error", csv.getException());
		}
	}

	private void writeJsonLines(ReportRequest request, Writer text) {
		StringBuilder line = new StringBuilder(256);
		this.streaming.query(SQL, (rs) -> {
			line.setLength(0);
			line.append("{\"journal_id\":").append(rs.getLong(1));
			Json.field(line, "journal_kind", rs.getString(2));
			Json.field(line, "source_id", rs.getString(3));
			Json.field(line, "description", rs.getString(4));
			Json.field(line, "effective_at", rs.getString(5));
			line.append(",\"posting_id\":").append(rs.getLong(6));
			Json.field(line, "account", rs.getString(7));
			Json.field(line, "side", rs.getString(8));
			line.append(",\"amount\":").append(rs.getLong(9));
			Json.field(line, "currency", rs.getString(10));
			line.append("}\n");
			try {
				text.write(line.toString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, Timestamp.from(request.from()), Timestamp.from(request.to()));
	}

}
