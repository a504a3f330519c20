package com.treasurybatch.jobs.payouts;

import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fails the run while nightly payouts of the date (or earlier) are still PENDING: Stripe stayed unavailable for
 * them through every retry (each was alerted). The exit message names them (payee, payout id, amount), up to
 * {@value #NAMED_PAYOUTS_MAX}. The FAILED execution is then restarted, and the restart pays only them, with the
 * same idempotency keys.
 */
class PayoutsSettledTasklet implements Tasklet {

	/** Most PENDING payouts named in the exit message; the count covers the rest. */
	static final int NAMED_PAYOUTS_MAX = 20;

	private final JdbcTemplate jdbc;

	private final LocalDate date;

	PayoutsSettledTasklet(JdbcTemplate jdbc, LocalDate date) {
		this.jdbc = jdbc;
		this.date = date;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Long pending = this.jdbc.queryForObject("""
				SELECT count(*) FROM payouts WHERE status = 'PENDING' AND kind = 'nightly' AND business_date <= ?
				""", Long.class, this.date);
		if (pending != null && pending > 0) {
			List<String> named = this.jdbc.query("""
					SELECT payee_account, id, amount, currency FROM payouts
					WHERE status = 'PENDING' AND kind = 'nightly' AND business_date <= ?
					ORDER BY payee_account, id LIMIT ?
					""", (rs, row) -> rs.getString("payee_account") + " (payout " + rs.getLong("id") + ", "
					+ rs.getLong("amount") + " " + rs.getString("currency") + ")", this.date, NAMED_PAYOUTS_MAX);
			throw new PayoutsNotSettledException(pending + " nightly payout(s) up to " + this.date
					+ " still PENDING after transient Stripe failures: " + String.join(", ", named)
					+ ((pending > named.size()) ? ", ..." : "")
					+ "; see alerts payout_transfer_deferred, then restart this execution to retry them with the"
					+ " same idempotency keys");
		}
		return RepeatStatus.FINISHED;
	}

	/**
	 * Payouts are left PENDING: an operating condition, not a bug, so it carries no stack trace and the
	 * execution's exit description reads as the message alone.
	 */
	static final class PayoutsNotSettledException extends RuntimeException {

		PayoutsNotSettledException(String message) {
			super(message, null, false, false);
		}

	}

}
