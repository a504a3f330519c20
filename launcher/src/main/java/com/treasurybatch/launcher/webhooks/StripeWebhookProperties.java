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
 */
@ConfigurationProperties("treasury.webhooks.stripe")
public record StripeWebhookProperties(String secret, @DefaultValue("300") long toleranceSeconds,
		@DefaultValue("1048576") int maxBodyBytes, @DefaultValue("30") int retryAfterSeconds) {

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
	}

}
