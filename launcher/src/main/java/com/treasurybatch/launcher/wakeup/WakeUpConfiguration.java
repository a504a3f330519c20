package com.treasurybatch.launcher.wakeup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.treasurybatch.launcher.operations.JobOperations;
import com.treasurybatch.shared.analytics.AnalyticsEvents;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditChannel;
import com.treasurybatch.shared.inbox.InboxClaims;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * Wires the wake-ups on server nodes (a CLI process starts nothing on its own), each unless turned off:
 * <ul>
 * <li>{@code inbox-processing} on {@value WebhookInbox#STAGED_CHANNEL}, unless
 * {@code treasury.inbox.wake-up.enabled=false} ({@code TREASURY_INBOX_WAKE_UP_ENABLED}); no debounce, a run
 * drains while events keep coming;</li>
 * <li>{@code analytics-rollups} on {@value AnalyticsEvents#STAGED_CHANNEL}, unless
 * {@code treasury.analytics.wake-up.enabled=false} ({@code TREASURY_ANALYTICS_WAKE_UP_ENABLED}); at most one start
 * per {@code treasury.analytics.wake-up.min-interval} ({@code TREASURY_ANALYTICS_WAKE_UP_MIN_INTERVAL}, default
 * {@value #ANALYTICS_MIN_INTERVAL_DEFAULT}).</li>
 * </ul>
 * One listener connection per node serves the channels of the wake-ups that are on; with none on, it opens none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WakeUpConfiguration {

	/** The job woken by staged Stripe events. */
	static final String INBOX_JOB = "inbox-processing";

	/** The job woken by staged Passport events. */
	static final String ANALYTICS_JOB = "analytics-rollups";

	/** Who the audit trail says started an inbox-processing run. */
	static final Actor INBOX_ACTOR = new Actor("inbox-wake-up", AuditChannel.SYSTEM);

	/** Who the audit trail says started an analytics-rollups run. */
	static final Actor ANALYTICS_ACTOR = new Actor("analytics-wake-up", AuditChannel.SYSTEM);

	static final String ANALYTICS_MIN_INTERVAL_DEFAULT = "5s";

	/** Longest a notification listener waits between two liveness checks of its connection. */
	static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnProperty(name = "treasury.inbox.wake-up.enabled", havingValue = "true", matchIfMissing = true)
	JobWakeUp inboxWakeUp(JobOperations operations, JobRepository repository, InboxClaims claims) {
		return new JobWakeUp(operations, repository, INBOX_JOB, WebhookInbox.STAGED_CHANNEL, INBOX_ACTOR,
				claims::anyReceived, Duration.ZERO);
	}

	@Bean
	@ConditionalOnProperty(name = "treasury.analytics.wake-up.enabled", havingValue = "true", matchIfMissing = true)
	JobWakeUp analyticsWakeUp(JobOperations operations, JobRepository repository, AnalyticsEvents events,
			@Value("${treasury.analytics.wake-up.min-interval:" + ANALYTICS_MIN_INTERVAL_DEFAULT + "}")
			String minInterval) {
		Duration interval = DurationStyle.detectAndParse(minInterval);
		if (interval.isNegative()) {
			throw new IllegalArgumentException(
					"treasury.analytics.wake-up.min-interval must be zero or more, got " + minInterval);
		}
		return new JobWakeUp(operations, repository, ANALYTICS_JOB, AnalyticsEvents.STAGED_CHANNEL, ANALYTICS_ACTOR,
				events::anyUncounted, interval);
	}

	@Bean
	StagedNotificationListener stagedNotificationListener(DataSource dataSource, ObjectProvider<JobWakeUp> wakeUps) {
		Map<String, Runnable> handlers = new LinkedHashMap<>();
		wakeUps.orderedStream().forEach((wakeUp) -> handlers.put(wakeUp.channel(), wakeUp::signal));
		return new StagedNotificationListener(ListenerConnections.of(dataSource), handlers, LISTEN_TIMEOUT,
				Duration.ofSeconds(1), Duration.ofSeconds(30));
	}

}
