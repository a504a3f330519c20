package com.treasurybatch.launcher.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.inbox.InboxBacklog;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * Prometheus gauges of the webhook inbox: {@code treasury.inbox.waiting} (RECEIVED events) and
 * {@code treasury.inbox.oldest.waiting} (seconds the oldest has waited). One backlog query serves both, at most
 * once per {@value #REFRESH_SECONDS} s however often they are scraped; while the database is unreachable they
 * read NaN rather than a stale number.
 */
@Component
class InboxMetrics implements MeterBinder {

	static final long REFRESH_SECONDS = 5;

	private final WebhookInbox inbox;

	private final Clock clock;

	private volatile Snapshot last = new Snapshot(Instant.EPOCH, null);

	InboxMetrics(WebhookInbox inbox, Clock clock) {
		this.inbox = inbox;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("treasury.inbox.waiting", this, (metrics) -> metrics.backlog(InboxBacklog::receivedCount))
			.description("Stripe events staged and not yet processed (status RECEIVED)")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("treasury.inbox.oldest.waiting", this,
				(metrics) -> metrics.backlog((backlog) -> backlog.oldestReceivedAge().toSeconds()))
			.description("How long the oldest RECEIVED event has waited")
			.baseUnit("seconds")
			.register(registry);
	}

	private double backlog(java.util.function.ToLongFunction<InboxBacklog> reading) {
		Instant now = this.clock.instant();
		Snapshot snapshot = this.last;
		if (Duration.between(snapshot.takenAt(), now).toSeconds() >= REFRESH_SECONDS) {
			try {
				snapshot = new Snapshot(now, this.inbox.backlog());
			}
			catch (DataAccessException ex) {
				snapshot = new Snapshot(now, null);
			}
			this.last = snapshot;
		}
		return (snapshot.backlog() != null) ? reading.applyAsLong(snapshot.backlog()) : Double.NaN;
	}

	private record Snapshot(Instant takenAt, InboxBacklog backlog) {
	}

}
