package com.treasurybatch.launcher.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a schedule's parameter templates into the job parameters of one fire: {@code {today}} and
 * {@code {yesterday}} become ISO dates (yyyy-MM-dd) of the scheduled fire time in the schedule's zone,
 * {@code {last-month}} the month before it (yyyy-MM) and {@code {last-year}} the year before it (yyyy); any
 * other value is passed as written. Using the scheduled (not the actual) fire time keeps a late or misfired run
 * on the business date it was meant for.
 */
final class ScheduleParameters {

	private ScheduleParameters() {
	}

	static Map<String, String> resolve(Map<String, String> templates, Instant scheduledFireTime, ZoneId zone) {
		LocalDate today = scheduledFireTime.atZone(zone).toLocalDate();
		Map<String, String> resolved = new LinkedHashMap<>();
		templates.forEach((key, value) -> resolved.put(key, switch (value) {
			case "{today}" -> today.toString();
			case "{yesterday}" -> today.minusDays(1).toString();
			case "{last-month}" -> java.time.YearMonth.from(today).minusMonths(1).toString();
			case "{last-year}" -> Integer.toString(today.getYear() - 1);
			default -> value;
		}));
		return resolved;
	}

}
