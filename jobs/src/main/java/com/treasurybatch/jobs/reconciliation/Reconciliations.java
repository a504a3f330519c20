package com.treasurybatch.jobs.reconciliation;

import java.sql.Array;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads reconciliation results for the CLI ({@code reconciliation show}) and the API. */
@Repository
public class Reconciliations {

	/** Most discrepancies returned for one date. */
	public static final int DISCREPANCIES_MAX = 10_000;

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc the application's database
	 */
	public Reconciliations(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A date's reconciliation.
	 * @param date the business date
	 * @return the report, or empty if the date was never reconciled
	 * @throws org.springframework.dao.DataAccessException if the database cannot be reached
	 */
	public Optional<ReconciliationReport> find(java.time.LocalDate date) {
		Date day = Date.valueOf(date);
		List<ReconciliationReport.Total> totals = this.jdbc.query("""
				SELECT * FROM reconciliation_totals WHERE business_date = ? ORDER BY category, currency""",
				(row, n) -> new ReconciliationReport.Total(row.getString("category"), row.getString("currency"),
						row.getLong("stripe_count"), row.getLong("stripe_amount"), row.getLong("stripe_fee"),
						row.getLong("ledger_count"), row.getLong("ledger_amount"), row.getLong("ledger_fee")),
				day);
		List<ReconciliationReport.Discrepancy> discrepancies = this.jdbc.query("""
				SELECT * FROM reconciliation_discrepancies WHERE business_date = ? ORDER BY id LIMIT ?""",
				(row, n) -> new ReconciliationReport.Discrepancy(row.getString("category"), row.getString("object_id"),
						row.getString("stripe_txn_id"), row.getObject("stripe_amount", Long.class),
						row.getObject("stripe_fee", Long.class), row.getString("stripe_currency"),
						row.getObject("ledger_amount", Long.class), row.getObject("ledger_fee", Long.class),
						row.getString("ledger_currency"), row.getString("suggested_action")),
				day, DISCREPANCIES_MAX);
		return this.jdbc.query("SELECT * FROM reconciliation_runs WHERE business_date = ?", (row, n) -> {
			Array failures = row.getArray("integrity_failures");
			Timestamp finished = row.getTimestamp("finished_at");
			return new ReconciliationReport(date, row.getString("status"), row.getLong("stripe_count"),
					List.of((String[]) failures.getArray()), (finished != null) ? finished.toInstant() : null, totals,
					discrepancies);
		}, day).stream().findFirst();
	}

}
