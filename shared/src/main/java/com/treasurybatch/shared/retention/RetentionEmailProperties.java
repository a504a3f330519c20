package com.treasurybatch.shared.retention;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention email settings, under {@code treasury.retention} (environment {@code TREASURY_RETENTION_OFFSETS},
 * ...).
 *
 * @param offsets when the abandoned-checkout emails are due, after the session expired, one per step, ascending
 * @param recoveryUrlTemplate the recovery link when Stripe gave none ({@code after_expiration.recovery.url});
 * {@code {draftOrder}} is replaced by the draft order id
 * @param chunkSize emails claimed, sent over one SMTP connection and recorded together, 1 to 1000
 * @param tasksPerRunMax bound on the tasks one run sends; the rest wait for the next run
 * @param sendingLease a task still SENDING after this long belongs to a run that stopped between send and record:
 * it becomes UNKNOWN (never resent); longer than the SMTP timeouts of a whole chunk
 * @param retryInitialBackoff wait before the first retry of a transient SMTP failure, doubled each time
 * @param retryMaxBackoff longest wait between retries
 * @param attemptsMax sends of one email before it is FAILED, 1 to 50
 */
@ConfigurationProperties("treasury.retention")
public record RetentionEmailProperties(@DefaultValue({ "1h", "24h", "72h" }) List<Duration> offsets,
		@DefaultValue("https://tickets.example.com/checkout/recover/{draftOrder}") String recoveryUrlTemplate,
		@DefaultValue("50") int chunkSize, @DefaultValue("100000") int tasksPerRunMax,
		@DefaultValue("10m") Duration sendingLease, @DefaultValue("5m") Duration retryInitialBackoff,
		@DefaultValue("6h") Duration retryMaxBackoff, @DefaultValue("6") int attemptsMax) {

	/**
	 * Checks the values.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public RetentionEmailProperties {
		if (offsets.isEmpty() || offsets.stream().anyMatch((d) -> d.isNegative())) {
			throw new IllegalArgumentException("treasury.retention.offsets must be non-negative durations");
		}
		for (int i = 1; i < offsets.size(); i++) {
			if (offsets.get(i).compareTo(offsets.get(i - 1)) <= 0) {
				throw new IllegalArgumentException("treasury.retention.offsets must ascend, got " + offsets);
			}
		}
		if (chunkSize < 1 || chunkSize > 1000) {
			throw new IllegalArgumentException("treasury.retention.chunk-size must be 1..1000, got " + chunkSize);
		}
		if (tasksPerRunMax < 1) {
			throw new IllegalArgumentException("treasury.retention.tasks-per-run-max must be positive");
		}
		if (attemptsMax < 1 || attemptsMax > 50) {
			throw new IllegalArgumentException("treasury.retention.attempts-max must be 1..50, got " + attemptsMax);
		}
		offsets = List.copyOf(offsets);
	}

}
