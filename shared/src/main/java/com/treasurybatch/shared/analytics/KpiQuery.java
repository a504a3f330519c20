package com.treasurybatch.shared.analytics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A page of rollup rows. {@code null} filters match everything; {@code ""} matches events without that dimension.
 *
 * @param grain hourly or daily rollups
 * @param from first UTC date included
 * @param to last UTC date included
 * @param type event type, or {@code null}
 * @param artistId artist, or {@code null}
 * @param showId show, or {@code null}
 * @param city city, or {@code null}
 * @param genre genre, or {@code null}
 * @param limit rows per page, 1 to {@value #LIMIT_MAX}
 * @param offset rows skipped, 0 or more
 */
public record KpiQuery(Grain grain, LocalDate from, LocalDate to, String type, String artistId, String showId,
		String city, String genre, int limit, long offset) {

	/** Largest page. */
	public static final int LIMIT_MAX = 1_000;

	/** Longest range, in days. */
	public static final int DAYS_MAX = 366;

	/** Rollup grain. */
	public enum Grain {

		/** {@code analytics_hourly}: UTC hours. */
		HOUR,

		/** {@code analytics_daily}: UTC days. */
		DAY

	}

	/**
	 * Checks the bounds.
	 * @throws IllegalArgumentException for a missing grain or date, {@code to} before {@code from}, a range over
	 * {@value #DAYS_MAX} days, or a limit or offset out of range
	 */
	public KpiQuery {
		Objects.requireNonNull(grain, "grain");
		if (from == null || to == null) {
			throw new IllegalArgumentException("from and to are required (ISO dates, UTC)");
		}
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("to " + to + " is before from " + from);
		}
		if (from.plusDays(DAYS_MAX).isBefore(to)) {
			throw new IllegalArgumentException("range over " + DAYS_MAX + " days");
		}
		if (limit < 1 || limit > LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be 1.." + LIMIT_MAX);
		}
		if (offset < 0) {
			throw new IllegalArgumentException("offset must be 0 or more");
		}
	}

}
