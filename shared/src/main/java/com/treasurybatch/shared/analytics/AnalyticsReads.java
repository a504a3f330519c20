package com.treasurybatch.shared.analytics;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what the {@code analytics-rollups} job keeps: rollup rows (KPIs), leaderboards and show financials. Used by
 * the dashboards' API and by reports. Every read is bounded (pages of at most {@value KpiQuery#LIMIT_MAX} rows).
 * Holds no personal data: {@code user_id} never leaves {@code analytics_events}.
 */
public class AnalyticsReads {

	private final JdbcTemplate jdbc;

	/** @param jdbc template on the application's database */
	public AnalyticsReads(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A page of hourly or daily rollup rows, by bucket then dimensions.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<KpiRow> kpis(KpiQuery query) {
		boolean hourly = query.grain() == KpiQuery.Grain.HOUR;
		StringBuilder sql = new StringBuilder(hourly
				? "SELECT bucket_start, type, artist_id, show_id, city, genre, events, value_total FROM analytics_hourly"
						+ " WHERE bucket_start >= ? AND bucket_start < ?"
				: "SELECT day, type, artist_id, show_id, city, genre, events, value_total FROM analytics_daily"
						+ " WHERE day >= ? AND day <= ?");
		List<Object> arguments = new ArrayList<>();
		if (hourly) {
			arguments.add(Timestamp.from(query.from().atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
			arguments.add(Timestamp.from(query.to().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
		}
		else {
			arguments.add(query.from());
			arguments.add(query.to());
		}
		filter(sql, arguments, "type", query.type());
		filter(sql, arguments, "artist_id", query.artistId());
		filter(sql, arguments, "show_id", query.showId());
		filter(sql, arguments, "city", query.city());
		filter(sql, arguments, "genre", query.genre());
		sql.append(hourly ? " ORDER BY bucket_start" : " ORDER BY day")
			.append(", type, artist_id, show_id, city, genre LIMIT ? OFFSET ?");
		arguments.add(query.limit());
		arguments.add(query.offset());
		return this.jdbc.query(sql.toString(), (row, n) -> new KpiRow(hourly ? row.getTimestamp(1).toInstant()
				: row.getObject(1, LocalDate.class).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), row.getString(2),
				row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getLong(7), row.getLong(8)),
				arguments.toArray());
	}

	/**
	 * A show's totals per event type over UTC days {@code from} to {@code to}, from the daily rollups.
	 * @return one total per type with events, by type
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<KpiTotal> showTotals(String showId, LocalDate from, LocalDate to) {
		return this.jdbc.query("""
				SELECT type, sum(events), sum(value_total) FROM analytics_daily
				 WHERE show_id = ? AND day BETWEEN ? AND ? GROUP BY type ORDER BY type""",
				(row, n) -> new KpiTotal(row.getString(1), row.getLong(2), row.getLong(3)), showId, from, to);
	}

	/**
	 * A page of one leaderboard, by rank then artist.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<LeaderboardEntry> leaderboard(LeaderboardQuery query) {
		return this.jdbc.query("""
				SELECT rank, artist_id, events, value_total FROM analytics_leaderboards
				 WHERE period = ? AND period_start = ? AND type = ? AND show_id = ? AND city = ? AND genre = ?
				 ORDER BY rank, artist_id LIMIT ? OFFSET ?""",
				(row, n) -> new LeaderboardEntry(row.getInt(1), row.getString(2), row.getLong(3), row.getLong(4)),
				query.period().column(), query.period().start(query.day()), query.type(), all(query.showId()),
				all(query.city()), all(query.genre()), query.limit(), query.offset());
	}

	/**
	 * A show's all-time financials as analytics-rollups last stored them ({@link ShowLedger}), one per currency.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public List<ShowFinancials> showFinancials(String showId) {
		return this.jdbc.query("""
				SELECT show_id, currency, orders, gross, fees, stripe_fees, refunds, disputes, net_payable, updated_at
				  FROM analytics_show_financials WHERE show_id = ? ORDER BY currency""",
				(row, n) -> new ShowFinancials(row.getString(1), row.getString(2).trim(), row.getLong(3),
						row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7), row.getLong(8), row.getLong(9),
						row.getTimestamp(10).toInstant()),
				showId);
	}

	private static void filter(StringBuilder sql, List<Object> arguments, String column, String value) {
		if (value != null) {
			sql.append(" AND ").append(column).append(" = ?");
			arguments.add(value);
		}
	}

	private static String all(String value) {
		return (value == null || value.isEmpty()) ? PassportSchema.ALL : value;
	}

}
