package com.treasurybatch.launcher.webhooks.passport;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Passport receiver, under {@code treasury.webhooks.passport}; same rules as the Stripe receiver's.
 *
 * @param secret shared signing secrets, comma-separated while one is being rolled; when blank, the environment
 * variable {@code PASSPORT_WEBHOOK_SECRET}, else a secret generated once and kept in
 * {@code TREASURY_HOME/passport-webhook-secret}
 * @param toleranceSeconds oldest accepted signature timestamp, in seconds before now (as Stripe's: 300)
 * @param maxBodyBytes largest accepted body, in bytes (default 4 MiB: a batch of 1,000 events of about 1 KiB)
 * @param retryAfterSeconds value of {@code Retry-After} on a 503, in seconds
 */
@ConfigurationProperties("treasury.webhooks.passport")
public record PassportWebhookProperties(String secret, @DefaultValue("300") long toleranceSeconds,
		@DefaultValue("4194304") int maxBodyBytes, @DefaultValue("30") int retryAfterSeconds) {

	/**
	 * Checks the limits.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public PassportWebhookProperties {
		if (toleranceSeconds <= 0) {
			throw new IllegalArgumentException("treasury.webhooks.passport.tolerance-seconds must be positive");
		}
		if (maxBodyBytes <= 0 || maxBodyBytes > 64 * 1024 * 1024) {
			throw new IllegalArgumentException("treasury.webhooks.passport.max-body-bytes must be in 1..64 MiB");
		}
		if (retryAfterSeconds <= 0) {
			throw new IllegalArgumentException("treasury.webhooks.passport.retry-after-seconds must be positive");
		}
	}

}
