package com.treasurybatch.shared.retention;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the {@code retention_daily} view: checkout abandonment, emails sent and recovery per UTC day. */
@Component
public class RetentionDaily {

	/** Most days one read returns. */
	public static final int DAYS_MAX = 366;

	private final JdbcTemplate jdbc;

	public RetentionDaily(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One UTC day.
	 *
	 * @param day the UTC date
	 * @param checkoutsStarted draft orders created that day
	 * @param checkoutsAbandoned of those, how many expired unpaid
	 * @param abandonmentRate abandoned / started, 4 decimals (the view's {@code numeric}, read as it is, e.g.
	 * {@code 0.4000}), or null with no checkouts
	 * @param emailsSent retention emails accepted by the SMTP server that day (all kinds)
	 * @param checkoutsRecovered abandoned checkouts of that day completed after a recovery email was sent
	 * @param recoveryRate recovered / abandoned, 4 decimals, or null with none abandoned
	 */
	public record Day(LocalDate day, long checkoutsStarted, long checkoutsAbandoned, BigDecimal abandonmentRate,
			long emailsSent, long checkoutsRecovered, BigDecimal recoveryRate) {
	}

	/**
	 * The most recent days, newest first.
	 * @param days 1 to {@value #DAYS_MAX}
	 * @return up to that many days that had checkouts or emails
	 * @throws IllegalArgumentException if days is out of range
	 */
	public List<Day> latest(int days) {
		if (days < 1 || days > DAYS_MAX) {
			throw new IllegalArgumentException("days must be 1.." + DAYS_MAX + ", got " + days);
		}
		return this.jdbc.query("SELECT * FROM retention_daily ORDER BY day DESC LIMIT ?",
				(rs, n) -> new Day(rs.getObject("day", LocalDate.class), rs.getLong("checkouts_started"),
						rs.getLong("checkouts_abandoned"), rs.getBigDecimal("abandonment_rate"),
						rs.getLong("emails_sent"), rs.getLong("checkouts_recovered"),
						rs.getBigDecimal("recovery_rate")),
				days);
	}

}
