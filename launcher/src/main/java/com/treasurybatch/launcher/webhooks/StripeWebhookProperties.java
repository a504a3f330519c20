package com.treasurybatch.launcher.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Stripe webhook receiver, under {@code treasury.webhooks.stripe}.
 *
 * @param secret signing secrets ({@code whsec_...}), comma-separated while one is being rolled; when blank, the
 * environment variable {@code STRIPE_WEBHOOK_SECRET}, else a secret generated once and kept in
 * {@code TREASURY_HOME/stripe-webhook-secret}
 * @param toleranceSeconds oldest accepted signature timestamp, in seconds before now (Stripe's default: 300)
 * @param maxBodyBytes largest accepted request body, in bytes (default 1 MiB; Stripe events are a few KiB)
 * @param retryAfterSeconds value of {@code Retry-After} on a 503, in seconds
 * @param stageBatchEventsMax most deliveries written to the inbox by one statement (group commit; 1 writes each
 * delivery on its own)
 * @param stageQueueEventsMax most deliveries waiting to be written; beyond, deliveries are answered 503 at once
 * @param stageWriterThreads threads writing to the inbox, each using at most one database connection
 * @param stageTimeoutSeconds longest a delivery waits for its write before it is answered 503, in seconds
 */
@ConfigurationProperties("treasury.webhooks.stripe")
public record StripeWebhookProperties(String secret, @DefaultValue("300") long toleranceSeconds,
		@DefaultValue("1048576") int maxBodyBytes, @DefaultValue("30") int retryAfterSeconds,
		@DefaultValue("64") int stageBatchEventsMax, @DefaultValue("1024") int stageQueueEventsMax,
		@DefaultValue("4") int stageWriterThreads, @DefaultValue("10") long stageTimeoutSeconds) {

	/** Checks the limits. */
	public StripeWebhookProperties {
		if (toleranceSeconds <= 0) {
			throw new IllegalArgumentException("treasury.webhooks.stripe.tolerance-seconds must be positive");
		}
		if (maxBodyBytes <= 0 || maxBodyBytes > 64 * 1024 * 1024) {
			throw new IllegalArgumentException("treasury.webhooks.stripe.max-body-bytes must be in 1..64 MiB");
		}
		if (retryAfterSeconds <= 0) {
			throw new IllegalArgumentException("treasury.webhooks.stripe.retry-after-seconds must be positive");
		}
		if (stageBatchEventsMax < 1 || stageBatchEventsMax > 100) {
			throw new IllegalArgumentException("treasury.webhooks.stripe.stage-batch-events-max must be in 1..100");
		}
		if (stageQueueEventsMax < 1 || stageWriterThreads < 1 || stageTimeoutSeconds < 1) {
			throw new IllegalArgumentException(
					"treasury.webhooks.stripe.stage-queue-events-max, -writer-threads, -timeout-seconds must be positive");
		}
	}

}
