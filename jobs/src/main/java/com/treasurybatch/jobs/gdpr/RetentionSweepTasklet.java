package com.treasurybatch.jobs.gdpr;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.treasurybatch.shared.privacy.Restrictions;
import com.treasurybatch.shared.privacy.RetentionProperties;
import com.treasurybatch.shared.privacy.WebhookInboxPayloads;

/**
 * Applies the retention policies whose tables exist: redacts Stripe payloads received longer ago than
 * {@code treasury.retention.inbox-payloads} (processed or ignored events only: a waiting event keeps what its handler
 * needs), one batch of {@code sweep-batch-rows} per call, each call its own transaction ({@link RepeatStatus#CONTINUABLE}),
 * so a failed sweep restarts where it stopped; then lifts the restrictions whose legal duty has ended. Dry run: counts
 * only. The analytics, email and invoice policies are declared in {@link RetentionProperties} for the holders that
 * come with those tables.
 */
class RetentionSweepTasklet implements Tasklet, StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(RetentionSweepTasklet.class);

	private final WebhookInboxPayloads inbox;

	private final Restrictions restrictions;

	private final RetentionProperties policies;

	private final Clock clock;

	private final boolean dryRun;

	private int batches;

	private long redacted;

	private long lifted;

	private String dryRunReport = "";

	RetentionSweepTasklet(WebhookInboxPayloads inbox, Restrictions restrictions, RetentionProperties policies,
			Clock clock, boolean dryRun) {
		this.inbox = inbox;
		this.restrictions = restrictions;
		this.policies = policies;
		this.clock = clock;
		this.dryRun = dryRun;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant now = this.clock.instant();
		Instant cutoff = now.atZone(ZoneOffset.UTC).minus(this.policies.inboxPayloads()).toInstant();
		if (this.dryRun) {
			this.dryRunReport = "dry run, nothing changed: " + this.inbox.countReceivedBefore(cutoff)
					+ " inbox payloads received before " + cutoff + " would be redacted";
			return RepeatStatus.FINISHED;
		}
		int rows = this.inbox.redactReceivedBefore(cutoff, this.policies.sweepBatchRows(), now);
		contribution.incrementWriteCount(rows);
		this.redacted += rows;
		this.batches++;
		if (rows == this.policies.sweepBatchRows() && this.batches < this.policies.sweepBatchesPerRunMax()) {
			return RepeatStatus.CONTINUABLE;
		}
		this.lifted = this.restrictions.liftEnded(now, this.policies.sweepBatchRows());
		log.info("Retention sweep: {} inbox payloads received before {} redacted, {} restrictions lifted",
				this.redacted, cutoff, this.lifted);
		return RepeatStatus.FINISHED;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		String report = this.dryRun ? this.dryRunReport
				: this.redacted + " inbox payloads redacted (older than " + this.policies.inboxPayloads() + "), "
						+ this.lifted + " restrictions lifted";
		return stepExecution.getExitStatus().addExitDescription(report);
	}

}
