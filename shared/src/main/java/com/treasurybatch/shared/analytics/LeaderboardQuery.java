package com.treasurybatch.shared.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * A page of one leaderboard: artists ranked by the total value of one event type in one period.
 *
 * @param period day, week (ISO, from Monday) or month
 * @param day any UTC date in the period
 * @param type event type, e.g. {@code play}
 * @param showId one show's board, or {@code null} for the global board
 * @param city one city, or {@code null} for all
 * @param genre one genre, or {@code null} for all
 * @param limit entries per page, 1 to {@value KpiQuery#LIMIT_MAX}
 * @param offset entries skipped, 0 or more
 */
public record LeaderboardQuery(Period period, LocalDate day, String type, String showId, String city, String genre,
		int limit, long offset) {

	/** A leaderboard's window. */
	public enum Period {

		/** One UTC day. */
		DAY("day"),

		/** An ISO week, Monday to Sunday. */
		WEEK("week"),

		/** A calendar month. */
		MONTH("month");

		private final String column;

		Period(String column) {
			this.column = column;
		}

		/** The value of {@code analytics_leaderboards.period}. */
		public String column() {
			return this.column;
		}

		/** The first day of this period containing {@code day}. */
		public LocalDate start(LocalDate day) {
			return switch (this) {
				case DAY -> day;
				case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
				case MONTH -> day.withDayOfMonth(1);
			};
		}

	}

	/**
	 * Checks the bounds.
	 * @throws IllegalArgumentException for a missing period, day or type, or a limit or offset out of range
	 */
	public LeaderboardQuery {
		Objects.requireNonNull(period, "period");
		if (day == null || type == null || type.isBlank()) {
			throw new IllegalArgumentException("day (ISO date, UTC) and type are required");
		}
		if (limit < 1 || limit > KpiQuery.LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be 1.." + KpiQuery.LIMIT_MAX);
		}
		if (offset < 0) {
			throw new IllegalArgumentException("offset must be 0 or more");
		}
	}

}
