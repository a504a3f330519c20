package com.treasurybatch.jobs.payouts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.treasurybatch.shared.payouts.PayoutCandidate;

/**
 * The {@code payout_skips} rows ({@code schema/V9__payout_skips.sql}): who a run did not pay, and why. Written
 * once per date, payee, currency and reason (a rerun adds nothing). Joins the caller's transaction.
 */
@Repository
class PayoutSkips {

	/** A stored skip. */
	record Skip(LocalDate businessDate, String payeeAccount, String currency, String reason, long availableCents,
			String detail) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	PayoutSkips(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a skip unless recorded already.
	 * @return true if written now
	 */
	boolean record(LocalDate date, PayoutCandidate candidate, SkipReason reason, String detail) {
		return this.jdbc.update("""
				INSERT INTO payout_skips (business_date, payee_account, currency, reason, available_cents, detail,
				    created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT DO NOTHING
				""", date, candidate.payeeAccount(), candidate.currency(), reason.code(), candidate.availableCents(),
				detail, Timestamp.from(this.clock.instant())) == 1;
	}

	/**
	 * The skips of one date, by payee.
	 * @param date business date
	 * @param limitMax most rows returned
	 */
	List<Skip> of(LocalDate date, int limitMax) {
		return this.jdbc.query("""
				SELECT * FROM payout_skips WHERE business_date = ? ORDER BY payee_account, currency, reason LIMIT ?
				""", (rs, row) -> new Skip(rs.getObject("business_date", LocalDate.class), rs.getString("payee_account"),
				rs.getString("currency").trim(), rs.getString("reason"), rs.getLong("available_cents"),
				rs.getString("detail")), date, limitMax);
	}

}
