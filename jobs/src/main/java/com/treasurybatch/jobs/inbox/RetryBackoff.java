package com.treasurybatch.jobs.inbox;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed event is tried again: exponential backoff, the initial wait doubled after each further failure,
 * capped. With the defaults (1 minute, 6 hours): 1, 2, 4, 8, 16, 32, 64, 128 minutes, then 6 hours.
 *
 * @param initial wait after the first failure
 * @param max the longest wait
 */
record RetryBackoff(Duration initial, Duration max) {

	/** Doublings beyond this would overflow and are past any sensible cap anyway. */
	private static final int DOUBLINGS_MAX = 30;

	/**
	 * When the next attempt is due.
	 * @param failedAttempts failures so far, including the one just recorded (1 or more)
	 * @param now the current time (UTC)
	 * @return {@code now} plus {@code min(max, initial * 2^(failedAttempts - 1))}
	 */
	Instant nextAttemptAt(int failedAttempts, Instant now) {
		int doublings = Math.min(Math.max(failedAttempts - 1, 0), DOUBLINGS_MAX);
		Duration wait = this.initial.multipliedBy(1L << doublings);
		return now.plus((wait.compareTo(this.max) > 0) ? this.max : wait);
	}

}
