package com.treasurybatch.launcher.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Spring Batch stores its times as local date-times (BATCH_* {@code TIMESTAMP} columns,
 * written with {@code LocalDateTime.now()} in the writing JVM's default zone). This turns
 * them into UTC instants, assuming the nodes share this JVM's default zone (run every
 * node with {@code TZ=UTC}).
 */
final class BatchTimes {

	private BatchTimes() {
	}

	/**
	 * The instant of a Spring Batch local date-time, or {@code null} for {@code null}.
	 */
	static Instant toInstant(LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant() : null;
	}

	/**
	 * Milliseconds from start to end, or to {@code now} while still running; {@code null}
	 * before the start.
	 */
	static Long durationMillis(Instant start, Instant end, Instant now) {
		if (start == null) {
			return null;
		}
		return Duration.between(start, (end != null) ? end : now).toMillis();
	}

}
