package com.treasurybatch.jobs.payouts;

import java.time.LocalDate;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fails the run while nightly payouts of the date (or earlier) are still PENDING: Stripe stayed unavailable for
 * them through every retry (each was alerted). The FAILED execution is then restarted, and the restart pays only
 * them, with the same idempotency keys.
 */
class PayoutsSettledTasklet implements Tasklet {

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
			throw new IllegalStateException(pending + " nightly payout(s) up to " + this.date
					+ " are still PENDING after transient Stripe failures (see alerts payout_transfer_deferred);"
					+ " restart this execution to retry them with the same idempotency keys");
		}
		return RepeatStatus.FINISHED;
	}

}
