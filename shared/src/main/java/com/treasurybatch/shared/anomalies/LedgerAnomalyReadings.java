package com.treasurybatch.shared.anomalies;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the anomaly rules measure, read-only, from the ledger ({@code journals}, {@code postings},
 * {@code ledger_accounts}, owned by {@code Ledger}). Days are UTC; amounts are minor units per currency.
 */
@Component
public class LedgerAnomalyReadings {

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc the application's database
	 */
	public LedgerAnomalyReadings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A payee's sales on a day against the median of its sale days before it.
	 * @param account {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param dayTotal credits to the payee's payable from sale journals on the day, minor units
	 * @param median median of its daily totals on the days with sales in the 30 days before, minor units
	 * @param priorDays how many such days there were
	 */
	public record PayeeDay(String account, String currency, long dayTotal, long median, int priorDays) {
	}

	/**
	 * Every payee's sales on a day with the median of its prior 30 days.
	 * @param day the UTC day
	 * @return one row per payee and currency that sold that day
	 */
	public List<PayeeDay> payeeDays(LocalDate day) {
		return this.jdbc.query("""
				WITH daily AS (
				  SELECT substr(a.code, 9) AS account, p.currency, (j.effective_at AT TIME ZONE 'UTC')::date AS day,
				         sum(p.amount) AS total
				    FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				   WHERE j.kind = 'sale' AND p.side = 'C' AND a.code LIKE 'payable:%'
				     AND j.effective_at >= ? AND j.effective_at < ?
				   GROUP BY 1, 2, 3)
				SELECT d.account, d.currency, d.total,
				       coalesce((SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY h.total) FROM daily h
				                  WHERE h.account = d.account AND h.currency = d.currency AND h.day < d.day), 0) AS median,
				       (SELECT count(*) FROM daily h WHERE h.account = d.account AND h.currency = d.currency
				           AND h.day < d.day) AS prior_days
				  FROM daily d WHERE d.day = ? ORDER BY 1, 2""",
				(rs, n) -> new PayeeDay(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5)),
				start(day.minusDays(30)), start(day.plusDays(1)), day);
	}

	/**
	 * A payee's sales, refunds and dispute holds over the 30 days ending on a day.
	 * @param account {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param sold credits to its payable from sale journals, minor units
	 * @param refunded debits to its payable from refund journals, minor units
	 * @param disputed debits to its payable from dispute_reserve journals, minor units
	 */
	public record PayeeRates(String account, String currency, long sold, long refunded, long disputed) {
	}

	/**
	 * Every payee's sales, refunds and disputes over the 30 days ending on a day (inclusive).
	 * @param day the UTC day
	 * @return one row per payee and currency with sales in the window
	 */
	public List<PayeeRates> payeeRates(LocalDate day) {
		return this.jdbc.query("""
				SELECT substr(a.code, 9), p.currency,
				       coalesce(sum(p.amount) FILTER (WHERE j.kind = 'sale' AND p.side = 'C'), 0),
				       coalesce(sum(p.amount) FILTER (WHERE j.kind = 'refund' AND p.side = 'D'), 0),
				       coalesce(sum(p.amount) FILTER (WHERE j.kind = 'dispute_reserve' AND p.side = 'D'), 0)
				  FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				 WHERE a.code LIKE 'payable:%' AND j.effective_at >= ? AND j.effective_at < ?
				 GROUP BY 1, 2
				HAVING coalesce(sum(p.amount) FILTER (WHERE j.kind = 'sale' AND p.side = 'C'), 0) > 0
				 ORDER BY 1, 2""",
				(rs, n) -> new PayeeRates(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
				start(day.minusDays(29)), start(day.plusDays(1)));
	}

	/**
	 * A payout on a day to a payee first booked recently.
	 * @param account {@code acct_...}
	 * @param currency lowercase ISO 4217
	 * @param paidOut debits to its payable from payout journals on the day, minor units
	 * @param accountAgeDays UTC days between the payable's first booking (its earliest journal's
	 * {@code effective_at}) and the day
	 */
	public record YoungPayout(String account, String currency, long paidOut, int accountAgeDays) {
	}

	/**
	 * Payouts on a day to payees whose payable was first booked at most {@code maxAgeDays} before it. The first
	 * booking is the earliest {@code effective_at} of the payable's journals, not when its {@code ledger_accounts}
	 * row was inserted (a backfill or a late webhook inserts it long after the payee's first sale).
	 * @param day the UTC day
	 * @param maxAgeDays the age limit, days
	 * @return one row per payee and currency
	 */
	public List<YoungPayout> youngPayouts(LocalDate day, int maxAgeDays) {
		return this.jdbc.query("""
				WITH paid AS (
				  SELECT p.account_id, p.currency, sum(p.amount) AS paid_out
				    FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
				   WHERE j.kind = 'payout' AND p.side = 'D' AND a.code LIKE 'payable:%'
				     AND j.effective_at >= ? AND j.effective_at < ?
				   GROUP BY 1, 2),
				first_booked AS (
				  SELECT p.account_id, min(j.effective_at) AS first_at
				    FROM postings p JOIN journals j ON j.id = p.journal_id
				   WHERE p.account_id IN (SELECT account_id FROM paid)
				   GROUP BY 1)
				SELECT substr(a.code, 9), paid.currency, paid.paid_out,
				       (?::date - (f.first_at AT TIME ZONE 'UTC')::date) AS age
				  FROM paid JOIN first_booked f ON f.account_id = paid.account_id
				  JOIN ledger_accounts a ON a.id = paid.account_id
				 WHERE f.first_at >= ?
				 ORDER BY 1, 2""",
				(rs, n) -> new YoungPayout(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)), start(day),
				start(day.plusDays(1)), day, start(day.minusDays(maxAgeDays)));
	}

	/**
	 * A manual journal effective on a day.
	 * @param journalId the journal
	 * @param currency lowercase ISO 4217
	 * @param debits its debits in that currency, minor units
	 * @param largest its largest posting in that currency, minor units
	 * @param allRound whether every posting in that currency is a multiple of the round unit
	 */
	public record ManualJournal(long journalId, String currency, long debits, long largest, boolean allRound) {
	}

	/**
	 * Journals of kind {@code manual} effective on a day (manual journals with four eyes book that kind).
	 * @param day the UTC day
	 * @param roundUnit a posting is round when a multiple of this, minor units
	 * @return one row per journal and currency
	 */
	public List<ManualJournal> manualJournals(LocalDate day, long roundUnit) {
		return this.jdbc.query("""
				SELECT j.id, p.currency, sum(p.amount) FILTER (WHERE p.side = 'D'), max(p.amount),
				       bool_and(p.amount % ? = 0)
				  FROM journals j JOIN postings p ON p.journal_id = j.id
				 WHERE j.kind = 'manual' AND j.effective_at >= ? AND j.effective_at < ?
				 GROUP BY 1, 2 ORDER BY 1, 2""",
				(rs, n) -> new ManualJournal(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
						rs.getBoolean(5)),
				roundUnit, start(day), start(day.plusDays(1)));
	}

	private static Timestamp start(LocalDate day) {
		return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

}
