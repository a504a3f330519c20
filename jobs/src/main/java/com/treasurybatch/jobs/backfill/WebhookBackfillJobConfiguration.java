package com.treasurybatch.jobs.backfill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.backfill.EventBackfill;
import com.treasurybatch.shared.stripe.EventQuery;
import com.treasurybatch.shared.stripe.StripeEvent;

/**
 * The {@code webhook-backfill} job (hourly, no identifying parameter): two chunk-oriented passes over Stripe's
 * {@code GET /v1/events}, each page staged into the inbox through the receiver's insert
 * ({@link EventBackfill}, source BACKFILL) in one transaction:
 * <ol>
 * <li>{@code backfillEventsStep}: the handled types from the cursor minus the overlap, oldest first; each page moves
 * the cursor ({@code backfill_cursors}) in its own transaction, so a restart resumes after the last committed
 * page;</li>
 * <li>{@code backfillUndeliveredStep}: {@code delivery_success=false} over the undelivered lookback.</li>
 * </ol>
 * A cursor older than Stripe's 30 days raises CRITICAL {@code backfill_window_exceeded}: what Stripe no longer
 * lists cannot be backfilled. See README.md.
 */
@Configuration(proxyBeanMethods = false)
class WebhookBackfillJobConfiguration {

	/** The Spring Batch job name, used by schedules, CLI, API, metrics and logs. */
	static final String JOB_NAME = "webhook-backfill";

	// backfillEventsStep

	@Bean
	@StepScope
	BackfillEventReader backfillEventReader(EventBackfill backfill, BackfillCursors cursors, Alerts alerts,
			WebhookBackfillProperties properties, Clock clock) {
		return new BackfillEventReader(() -> {
			Instant from = cursors.createdUntil(BackfillCursors.PLATFORM_EVENTS)
				.map((until) -> until.minus(Duration.ofMinutes(properties.overlapMinutes())))
				.orElse(clock.instant().minus(Duration.ofHours(properties.firstRunLookbackHours())));
			Instant oldest = backfill.oldestListable();
			if (from.isBefore(oldest)) {
				alerts.raise(Severity.CRITICAL, "backfill_window_exceeded", BackfillCursors.PLATFORM_EVENTS,
						"webhook-backfill: the cursor (" + from + ") is older than the 30 days of events Stripe keeps;"
								+ " events created before " + oldest + " cannot be listed and may be missing."
								+ " Reconcile those days against the balance transactions.",
						"backfill_window_exceeded:" + BackfillCursors.PLATFORM_EVENTS + ":" + from);
				from = oldest;
			}
			return backfill.list(EventQuery.since(from, properties.types())
				.withLimits(properties.pageSize(), properties.eventsPerRunMax()));
		});
	}

	@Bean
	@StepScope
	BackfillEventWriter backfillEventWriter(EventBackfill backfill, BackfillCursors cursors) {
		return new BackfillEventWriter(backfill, cursors, BackfillCursors.PLATFORM_EVENTS);
	}

	@Bean
	Step backfillEventsStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			BackfillEventReader backfillEventReader, BackfillEventWriter backfillEventWriter,
			WebhookBackfillProperties properties) {
		return new StepBuilder("backfillEventsStep", jobRepository).<StripeEvent, StripeEvent>chunk(properties.pageSize())
			.transactionManager(transactionManager)
			.reader(backfillEventReader)
			.writer(backfillEventWriter)
			.listener(backfillEventReader)
			.listener(backfillEventWriter)
			.build();
	}

	// backfillUndeliveredStep

	@Bean
	@StepScope
	BackfillEventReader undeliveredEventReader(EventBackfill backfill, WebhookBackfillProperties properties,
			Clock clock) {
		return new BackfillEventReader(() -> {
			Instant from = clock.instant().minus(Duration.ofHours(properties.undeliveredLookbackHours()));
			Instant oldest = backfill.oldestListable();
			return backfill.list(EventQuery.since(from.isBefore(oldest) ? oldest : from, properties.types())
				.undelivered()
				.withLimits(properties.pageSize(), properties.eventsPerRunMax()));
		});
	}

	@Bean
	@StepScope
	BackfillEventWriter undeliveredEventWriter(EventBackfill backfill, BackfillCursors cursors) {
		return new BackfillEventWriter(backfill, cursors, null);
	}

	@Bean
	Step backfillUndeliveredStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			BackfillEventReader undeliveredEventReader, BackfillEventWriter undeliveredEventWriter,
			WebhookBackfillProperties properties) {
		return new StepBuilder("backfillUndeliveredStep", jobRepository)
			.<StripeEvent, StripeEvent>chunk(properties.pageSize())
			.transactionManager(transactionManager)
			.reader(undeliveredEventReader)
			.writer(undeliveredEventWriter)
			.listener(undeliveredEventReader)
			.listener(undeliveredEventWriter)
			.build();
	}

	@Bean(JOB_NAME)
	Job webhookBackfillJob(JobRepository jobRepository, Step backfillEventsStep, Step backfillUndeliveredStep) {
		return new JobBuilder(JOB_NAME, jobRepository).incrementer(new RunIdIncrementer())
			.start(backfillEventsStep)
			.next(backfillUndeliveredStep)
			.build();
	}

}
