package com.treasurybatch.launcher.health;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.inbox.InboxBacklog;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * {@code /actuator/health} component {@code inbox}: how many Stripe events wait (RECEIVED) and how old the oldest
 * is. DOWN when the oldest has waited longer than {@code treasury.health.inbox-max-age-minutes} (default 15):
 * inbox-processing runs every minute, so a backlog that old means it is not running or keeps failing.
 */
@Component("inbox")
class InboxHealthIndicator extends AbstractHealthIndicator {

	private final WebhookInbox inbox;

	private final Duration maxAge;

	InboxHealthIndicator(WebhookInbox inbox, @Value("${treasury.health.inbox-max-age-minutes:15}") long maxAgeMinutes) {
		super("Inbox health check failed");
		this.inbox = inbox;
		this.maxAge = Duration.ofMinutes(maxAgeMinutes);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		InboxBacklog backlog = this.inbox.backlog();
		Duration age = backlog.oldestReceivedAge();
		builder.status((age.compareTo(this.maxAge) > 0) ? "DOWN" : "UP")
			.withDetail("waiting", backlog.receivedCount())
			.withDetail("oldestWaitingSeconds", age.toSeconds())
			.withDetail("maxAgeSeconds", this.maxAge.toSeconds());
	}

}
