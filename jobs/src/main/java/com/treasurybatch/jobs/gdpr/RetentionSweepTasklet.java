package com.treasurybatch.jobs.gdpr;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.treasurybatch.shared.analytics.AnalyticsEventsArchive;
import com.treasurybatch.shared.inbox.WebhookInboxPayloads;
import com.treasurybatch.shared.privacy.Restrictions;
import com.treasurybatch.shared.privacy.RetentionProperties;
import com.treasurybatch.shared.retention.SentEmailsRetention;

/**
 * Applies the retention policies, one after the other, each one batch of {@code sweep-batch-rows} per call, each
 * call its own transaction ({@link RepeatStatus#CONTINUABLE}), so a failed sweep restarts where it stopped (every
 * policy skips what it already did):
 * <ol>
 * <li>{@code inbox-payloads}: redacts Stripe payloads received longer ago (processed or ignored events only: a
 * waiting event keeps what its handler needs);</li>
 * <li>{@code emails}: deletes retention tasks finished longer ago, with their outbox rows ({@link SentEmailsRetention});</li>
 * <li>{@code analytics-events-hot}: moves counted raw analytics events older than that to gzip JSON Lines archive
 * files, sha256 recorded ({@link AnalyticsEventsArchive});</li>
 * <li>{@code analytics-events-archived}: deletes archive files whose events are older than both windows;</li>
 * </ol>
 * then lifts the restrictions whose legal duty has ended. Dry run: counts only.
 */
class RetentionSweepTasklet implements Tasklet, StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(RetentionSweepTasklet.class);

	private final WebhookInboxPayloads inbox;

	private final SentEmailsRetention emails;

	private final AnalyticsEventsArchive analytics;

	private final Restrictions restrictions;

	private final RetentionProperties policies;

	private final Clock clock;

	private final boolean dryRun;

	/** The policy being applied: its index in {@link #policies()}. */
	private int policy;

	private int batches;

	private final long[] done = new long[4];

	private long lifted;

	private String dryRunReport = "";

	RetentionSweepTasklet(WebhookInboxPayloads inbox, SentEmailsRetention emails, AnalyticsEventsArchive analytics,
			Restrictions restrictions, RetentionProperties policies, Clock clock, boolean dryRun) {
		this.inbox = inbox;
		this.emails = emails;
		this.analytics = analytics;
		this.restrictions = restrictions;
		this.policies = policies;
		this.clock = clock;
		this.dryRun = dryRun;
	}

	/** One batch of one policy: the rows (or files) it changed. */
	private interface Batch {

		int apply(Instant now, int rowsMax);

	}

	private List<Batch> policies() {
		List<Batch> batches = new ArrayList<>();
		batches.add((now, rows) -> this.inbox.redactReceivedBefore(inboxCutoff(now), rows, now));
		batches.add((now, rows) -> this.emails.deleteFinishedBefore(emailsCutoff(now), rows));
		batches.add((now, rows) -> this.analytics.archiveBatch(hotCutoff(now), rows, now));
		batches.add((now, rows) -> this.analytics.deleteArchivesBefore(archiveCutoff(now), rows, now));
		return batches;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant now = this.clock.instant();
		if (this.dryRun) {
			long[] analyticsDue = this.analytics.countDue(hotCutoff(now), archiveCutoff(now));
			this.dryRunReport = "dry run, nothing changed: " + this.inbox.countReceivedBefore(inboxCutoff(now))
					+ " inbox payloads received before " + inboxCutoff(now) + " would be redacted, "
					+ this.emails.countFinishedBefore(emailsCutoff(now)) + " retention emails would be deleted, "
					+ analyticsDue[0] + " analytics events would be archived, " + analyticsDue[1]
					+ " analytics archive files would be deleted";
			return RepeatStatus.FINISHED;
		}
		List<Batch> batches = policies();
		if (this.policy < batches.size()) {
			int rows = batches.get(this.policy).apply(now, this.policies.sweepBatchRows());
			contribution.incrementWriteCount(rows);
			this.done[this.policy] += rows;
			this.batches++;
			if (rows < this.policies.sweepBatchRows() || this.batches >= this.policies.sweepBatchesPerRunMax()) {
				this.policy++;
				this.batches = 0;
			}
			return RepeatStatus.CONTINUABLE;
		}
		this.lifted = this.restrictions.liftEnded(now, this.policies.sweepBatchRows());
		log.info("Retention sweep: {}, {} restrictions lifted", summary(), this.lifted);
		return RepeatStatus.FINISHED;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		String report = this.dryRun ? this.dryRunReport : summary() + ", " + this.lifted + " restrictions lifted";
		return stepExecution.getExitStatus().addExitDescription(report);
	}

	private String summary() {
		return this.done[0] + " inbox payloads redacted (older than " + this.policies.inboxPayloads() + "), "
				+ this.done[1] + " retention emails deleted (older than " + this.policies.emails() + "), " + this.done[2]
				+ " analytics events archived (older than " + this.policies.analyticsEventsHot() + "), " + this.done[3]
				+ " analytics archive files deleted";
	}

	private Instant inboxCutoff(Instant now) {
		return now.atZone(ZoneOffset.UTC).minus(this.policies.inboxPayloads()).toInstant();
	}

	private Instant emailsCutoff(Instant now) {
		return now.atZone(ZoneOffset.UTC).minus(this.policies.emails()).toInstant();
	}

	private Instant hotCutoff(Instant now) {
		return now.atZone(ZoneOffset.UTC).minus(this.policies.analyticsEventsHot()).toInstant();
	}

	private Instant archiveCutoff(Instant now) {
		return now.atZone(ZoneOffset.UTC)
			.minus(this.policies.analyticsEventsHot())
			.minus(this.policies.analyticsEventsArchived())
			.toInstant();
	}

}
