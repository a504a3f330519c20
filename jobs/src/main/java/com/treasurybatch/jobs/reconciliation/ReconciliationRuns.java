package com.treasurybatch.jobs.reconciliation;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the {@code reconciliation_runs} row of a date: STARTED when a run (or a restart) begins, CLEAN or
 * DISCREPANCIES with its counts when it ends.
 */
class ReconciliationRuns {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ReconciliationRuns(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	void start(LocalDate date, ZoneId zone, long jobExecutionId) {
		this.jdbc.update("""
				INSERT INTO reconciliation_runs (business_date, zone, job_execution_id, status, started_at)
				VALUES (?, ?, ?, 'STARTED', ?)
				ON CONFLICT (business_date) DO UPDATE SET zone = EXCLUDED.zone, job_execution_id = EXCLUDED.job_execution_id,
				    status = 'STARTED', started_at = EXCLUDED.started_at, finished_at = NULL
				""", Date.valueOf(date), zone.getId(), jobExecutionId, Timestamp.from(this.clock.instant()));
	}

	void finish(LocalDate date, int discrepancies, List<String> integrityFailures) {
		long stripeRows = this.jdbc.queryForObject(
				"SELECT count(*) FROM reconciliation_stripe_rows WHERE business_date = ?", Long.class,
				Date.valueOf(date));
		boolean clean = discrepancies == 0 && integrityFailures.isEmpty();
		int updated = this.jdbc.update("""
				UPDATE reconciliation_runs SET stripe_count = ?, discrepancy_count = ?, integrity_failures = ?,
				    status = ?, finished_at = ?
				 WHERE business_date = ?""", stripeRows, discrepancies, integrityFailures.toArray(String[]::new),
				clean ? "CLEAN" : "DISCREPANCIES", Timestamp.from(this.clock.instant()), Date.valueOf(date));
		if (updated != 1) {
			throw new IllegalStateException("No reconciliation run of " + date + " to finish (" + updated + " rows)");
		}
	}

}
