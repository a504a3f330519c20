package com.treasurybatch.jobs.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;

/**
 * Turns sends that a stopped run left SENDING for longer than {@code treasury.retention.sending-lease} into
 * UNKNOWN (maybe delivered, never resent automatically) and raises one WARNING alert naming them, so that a
 * person can look in the SMTP server's logs. Runs first in every run, restarts included.
 */
class MarkUnknownSendsTasklet implements Tasklet {

	private final RetentionOutbox outbox;

	private final Alerts alerts;

	private final Clock clock;

	private final java.time.Duration lease;

	MarkUnknownSendsTasklet(RetentionOutbox outbox, Alerts alerts, Clock clock, java.time.Duration lease) {
		this.outbox = outbox;
		this.alerts = alerts;
		this.clock = clock;
		this.lease = lease;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		Instant now = this.clock.instant();
		List<String> unknown = this.outbox.markStaleSendsUnknown(now.minus(this.lease), now);
		if (!unknown.isEmpty()) {
			String listed = String.join(", ", unknown.subList(0, Math.min(20, unknown.size())))
					+ ((unknown.size() > 20) ? ", ..." : "");
			this.alerts.raise(Severity.WARNING, "email_outcome_unknown", unknown.get(0),
					unknown.size() + " retention email(s) were being sent when a run stopped; whether the SMTP server "
							+ "accepted them is unknown and they will not be resent: " + listed,
					"email_outcome_unknown:" + unknown.get(0));
		}
		contribution.incrementWriteCount(unknown.size());
		return RepeatStatus.FINISHED;
	}

}
