package com.treasurybatch.launcher.scheduling;

import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

import org.quartz.CronExpression;

/**
 * One schedule file: which job runs when. Several schedules may run one job (say an hourly incremental run and a
 * nightly rebuild), each with its own cron and parameters.
 *
 * @param name the schedule's name: its file name without {@code .yaml} (kebab-case, unique, e.g.
 * {@code analytics-rollups-daily}); the Quartz job and trigger are keyed by it
 * @param job the Spring Batch job name (kebab-case, e.g. {@code inbox-processing})
 * @param cron a Quartz cron expression (seconds first, e.g. {@code 0 * * * * ?} every minute)
 * @param zone the time zone the cron expression and the date placeholders are read in (a file without one:
 * the business zone, {@code treasury.zone})
 * @param misfire what to do about fires missed while no node was up
 * @param enabled whether the schedule has a trigger at all
 * @param parameters job parameters; the values {@code {today}} and {@code {yesterday}} become the fire
 * time's ISO date in {@code zone} (e.g. {@code date: "{yesterday}"} for a nightly job of the previous business
 * day), {@code {last-month}} and {@code {last-year}} the month ({@code yyyy-MM}) and year ({@code yyyy}) before it
 * ({@link ScheduleParameters}); a key may carry the operations service's type hint ({@code period:string})
 * @param source where the definition was read from, for messages
 */
public record ScheduleDefinition(String name, String job, String cron, ZoneId zone, Misfire misfire, boolean enabled,
		Map<String, String> parameters, String source) {

	private static final String KEBAB_CASE = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

	/** Validates and copies; throws IllegalArgumentException naming the file and the field. */
	public ScheduleDefinition {
		if (name == null || !name.matches(KEBAB_CASE)) {
			throw new IllegalArgumentException(source + ": the schedule name (the file name without .yaml) must be "
					+ "kebab-case, got " + name);
		}
		if (job == null || !job.matches("[a-z][a-z0-9-]*")) {
			throw new IllegalArgumentException(source + ": 'job' must be a kebab-case job name, got " + job);
		}
		if (cron == null || !CronExpression.isValidExpression(cron)) {
			throw new IllegalArgumentException(source + ": 'cron' is not a valid Quartz cron expression: " + cron);
		}
		zone = (zone != null) ? zone : ZoneId.of("UTC");
		misfire = (misfire != null) ? misfire : Misfire.FIRE_ONCE_NOW;
		parameters = (parameters != null) ? java.util.Collections.unmodifiableMap(new TreeMap<>(parameters))
				: Map.of();
	}

	/** Misfire policy, as written in the files. */
	public enum Misfire {

		/** Run once as soon as a node is up, however many fires were missed. */
		FIRE_ONCE_NOW,

		/** Skip missed fires; wait for the next one. */
		DO_NOTHING;

		static Misfire parse(String value, String source) {
			if (value == null) {
				return FIRE_ONCE_NOW;
			}
			return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
				case "fire-once-now" -> FIRE_ONCE_NOW;
				case "do-nothing" -> DO_NOTHING;
				default -> throw new IllegalArgumentException(
						source + ": 'misfire' must be fire-once-now or do-nothing, got " + value);
			};
		}

	}

}
