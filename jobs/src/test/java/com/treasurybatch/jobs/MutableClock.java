package com.treasurybatch.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock that tests set and advance. Safe to read from several threads. */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	/**
	 * @param start the first time it tells
	 */
	public MutableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	/**
	 * Sets the time.
	 * @param instant the new time
	 */
	public void set(Instant instant) {
		this.now.set(instant);
	}

	/**
	 * Moves the time forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The test clock is UTC only");
	}

}
