package com.treasurybatch.jobs.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code inbox-processing} job, under {@code treasury.inbox} (environment
 * {@code TREASURY_INBOX_CHUNK_SIZE}, ...).
 *
 * @param chunkSize events per chunk: read, applied and committed together, 1 to {@value #CHUNK_SIZE_MAX}
 * @param retryInitialBackoff wait before retrying an event after its first failure; doubles after each failure
 * @param retryMaxBackoff the longest wait between two attempts
 * @param maxAttempts failed attempts after which an event is left FAILED for good and an alert is raised, 1 to
 * {@value #MAX_ATTEMPTS_MAX}
 * @param wakeUp whether a commit that stages events starts the job at once ({@code treasury.inbox.wake-up.*})
 * @param drain how long one execution keeps draining while events keep coming ({@code treasury.inbox.drain.*})
 */
@ConfigurationProperties("treasury.inbox")
public record InboxProcessingProperties(@DefaultValue("500") int chunkSize,
		@DefaultValue("1m") Duration retryInitialBackoff, @DefaultValue("6h") Duration retryMaxBackoff,
		@DefaultValue("8") int maxAttempts, @DefaultValue WakeUp wakeUp, @DefaultValue Drain drain) {

	/** Largest accepted chunk size. */
	public static final int CHUNK_SIZE_MAX = 10_000;

	/** Largest accepted number of attempts. */
	public static final int MAX_ATTEMPTS_MAX = 100;

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException for a value out of range
	 */
	public InboxProcessingProperties {
		if (chunkSize < 1 || chunkSize > CHUNK_SIZE_MAX) {
			throw new IllegalArgumentException(
					"treasury.inbox.chunk-size must be 1 to " + CHUNK_SIZE_MAX + ", got " + chunkSize);
		}
		if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_MAX) {
			throw new IllegalArgumentException(
					"treasury.inbox.max-attempts must be 1 to " + MAX_ATTEMPTS_MAX + ", got " + maxAttempts);
		}
		if (retryInitialBackoff.isNegative() || retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
			throw new IllegalArgumentException("treasury.inbox.retry-initial-backoff (" + retryInitialBackoff
					+ ") must be zero or more and at most treasury.inbox.retry-max-backoff (" + retryMaxBackoff + ")");
		}
		wakeUp = (wakeUp != null) ? wakeUp : new WakeUp(true);
		drain = (drain != null) ? drain
				: new Drain(Duration.ofMinutes(5), 1_000_000, Duration.ofSeconds(5), Duration.ofMillis(20),
						Duration.ofSeconds(10));
	}

	/**
	 * Whether executions drain: only with the wake-up on (with it off, a run is one bounded pass, as the cron
	 * alone needs) and a positive {@code treasury.inbox.drain.max-duration}.
	 */
	public boolean draining() {
		return this.wakeUp.enabled() && !this.drain.maxDuration().isZero();
	}

	/**
	 * The wake-up, under {@code treasury.inbox.wake-up} ({@code TREASURY_INBOX_WAKE_UP_ENABLED}).
	 * @param enabled true: the server LISTENs on {@code webhook_inbox_staged} and starts the job when events are
	 * staged, and executions drain ({@link Drain}); false: only the cron (every minute) and operators start it
	 */
	public record WakeUp(@DefaultValue("true") boolean enabled) {

	}

	/**
	 * One draining execution's bounds, under {@code treasury.inbox.drain} ({@code TREASURY_INBOX_DRAIN_MAX_DURATION},
	 * ...). An execution takes, pass after pass, the rows staged since its previous pass (and looks again at the ids
	 * of the last two seconds, for rows committed late); it ends when it reaches {@code maxDuration} or
	 * {@code maxItems}, or when it has had no row to hand out for {@code idleWait}.
	 * @param maxDuration longest an execution keeps claiming (then it ends after its chunk); zero: no draining
	 * @param maxItems most events one execution claims, at least 1
	 * @param idleWait how long an execution that has caught up waits for a row to hand out before it ends, counted
	 * from the last row it handed out (it holds one database connection meanwhile, and no row lock); zero: it ends as
	 * soon as it catches up
	 * @param pollInterval how often a waiting execution looks for new rows (one index probe, or one claim while
	 * recent ids may still commit), more than zero
	 * @param sweepInterval how often an execution looks at every id again, for rows left due behind its passes (a
	 * FAILED row whose retry came, a row another run released, a very late commit); more than zero
	 * @throws IllegalArgumentException for a negative duration, a zero poll or sweep interval or {@code maxItems < 1}
	 */
	public record Drain(@DefaultValue("5m") Duration maxDuration, @DefaultValue("1000000") long maxItems,
			@DefaultValue("5s") Duration idleWait, @DefaultValue("20ms") Duration pollInterval,
			@DefaultValue("10s") Duration sweepInterval) {

		/**
		 * Checks the ranges.
		 * @throws IllegalArgumentException for a value out of range
		 */
		public Drain {
			if (maxDuration.isNegative() || idleWait.isNegative() || pollInterval.isNegative() || pollInterval.isZero()
					|| sweepInterval.isNegative() || sweepInterval.isZero() || maxItems < 1) {
				throw new IllegalArgumentException("treasury.inbox.drain: max-duration (" + maxDuration
						+ ") and idle-wait (" + idleWait + ") must be zero or more, poll-interval (" + pollInterval
						+ ") and sweep-interval (" + sweepInterval + ") more than zero, max-items (" + maxItems
						+ ") at least 1");
			}
		}

	}

}
