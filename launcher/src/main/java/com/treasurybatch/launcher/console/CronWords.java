package com.treasurybatch.launcher.console;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * Quartz cron expressions (seconds first; www.quartz-scheduler.org/documentation/quartz-2.3.0/tutorials/crontrigger)
 * in plain English for the schedules page, and their next fire times. Expressions outside the shapes it knows
 * are shown as written.
 */
final class CronWords {

	private static final Map<String, String> DAYS = Map.of("MON", "Monday", "TUE", "Tuesday", "WED", "Wednesday",
			"THU", "Thursday", "FRI", "Friday", "SAT", "Saturday", "SUN", "Sunday", "1", "Sunday", "2", "Monday");

	private CronWords() {
	}

	/**
	 * E.g. {@code 0 35 0 * * ?} is "every day at 00:35", {@code 0 0/15 * * * ?} "every 15 minutes".
	 * @param cron a Quartz cron expression, or {@code null} (a disabled schedule)
	 * @return the words, or the expression itself when its shape is not one of the common ones
	 */
	static String describe(String cron) {
		if (cron == null) {
			return "disabled";
		}
		String[] f = cron.trim().split("\\s+");
		if (f.length < 6 || !"0".equals(f[0])) {
			return cron;
		}
		String minute = f[1];
		String hour = f[2];
		String dayOfMonth = f[3];
		String month = f[4];
		String dayOfWeek = f[5];
		if (!"*".equals(month)) {
			return cron;
		}
		boolean everyDay = ("*".equals(dayOfMonth) || "?".equals(dayOfMonth))
				&& ("*".equals(dayOfWeek) || "?".equals(dayOfWeek));
		if (everyDay && "*".equals(hour)) {
			if ("*".equals(minute)) {
				return "every minute";
			}
			if (minute.matches("(0|\\*)/\\d+")) {
				return "every " + minute.substring(minute.indexOf('/') + 1) + " minutes";
			}
			if (minute.matches("\\d+")) {
				return "every hour at minute " + minute;
			}
			return cron;
		}
		if (!minute.matches("\\d+") || !hour.matches("\\d+")) {
			return cron;
		}
		String time = String.format(Locale.ROOT, "%02d:%02d", Integer.parseInt(hour), Integer.parseInt(minute));
		if (everyDay) {
			return "every day at " + time;
		}
		if (dayOfMonth.matches("\\d+") && ("?".equals(dayOfWeek) || "*".equals(dayOfWeek))) {
			return "on day " + dayOfMonth + " of every month at " + time;
		}
		if ("L".equals(dayOfMonth)) {
			return "on the last day of every month at " + time;
		}
		String day = DAYS.get(dayOfWeek.toUpperCase(Locale.ROOT));
		if (day != null && "?".equals(dayOfMonth)) {
			return "every " + day + " at " + time;
		}
		return cron;
	}

	/**
	 * The next fire times after an instant.
	 * @param cron a Quartz cron expression, or {@code null}
	 * @param zone its time zone id
	 * @param after the instant to count from
	 * @param count how many
	 * @return up to {@code count} instants, empty when the expression is null or invalid
	 */
	static List<Instant> nextFires(String cron, String zone, Instant after, int count) {
		List<Instant> fires = new ArrayList<>();
		if (cron == null) {
			return fires;
		}
		try {
			CronExpression expression = new CronExpression(cron);
			expression.setTimeZone(TimeZone.getTimeZone((zone != null) ? zone : "UTC"));
			Date next = Date.from(after);
			while (fires.size() < count) {
				next = expression.getNextValidTimeAfter(next);
				if (next == null) {
					break;
				}
				fires.add(next.toInstant());
			}
		}
		catch (ParseException ex) {
			return fires;
		}
		return fires;
	}

}
