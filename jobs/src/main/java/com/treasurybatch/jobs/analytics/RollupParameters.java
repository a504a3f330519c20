package com.treasurybatch.jobs.analytics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The job's parameters: none (or {@code mode=incremental}) for an incremental run; {@code mode=rebuild
 * from=DATE to=DATE} (ISO dates, UTC, at most {@value #REBUILD_DAYS_MAX} days, both included) for a rebuild.
 * {@code run.id} (the incrementer's) is allowed.
 */
final class RollupParameters implements JobParametersValidator {

	static final String MODE = "mode";

	static final String FROM = "from";

	static final String TO = "to";

	static final String INCREMENTAL = "incremental";

	static final String REBUILD = "rebuild";

	/** Longest rebuild range, in days. */
	static final int REBUILD_DAYS_MAX = 366;

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		String mode = mode(parameters);
		if (!INCREMENTAL.equals(mode) && !REBUILD.equals(mode)) {
			throw new InvalidJobParametersException("mode must be incremental or rebuild, got '" + mode + "'");
		}
		if (REBUILD.equals(mode)) {
			LocalDate from = date(parameters, FROM);
			LocalDate to = date(parameters, TO);
			if (from == null || to == null) {
				throw new InvalidJobParametersException("mode=rebuild needs from=DATE and to=DATE (ISO, UTC)");
			}
			if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= REBUILD_DAYS_MAX) {
				throw new InvalidJobParametersException(
						"rebuild range " + from + ".." + to + " must be 1.." + REBUILD_DAYS_MAX + " days, from first");
			}
		}
	}

	static String mode(JobParameters parameters) {
		var mode = parameters.getParameter(MODE);
		return (mode != null) ? mode.value().toString() : INCREMENTAL;
	}

	/** The date parameter, given as an ISO date or a string holding one; {@code null} when absent. */
	static LocalDate date(JobParameters parameters, String name) throws InvalidJobParametersException {
		var parameter = parameters.getParameter(name);
		if (parameter == null) {
			return null;
		}
		Object value = parameter.value();
		if (value instanceof LocalDate date) {
			return date;
		}
		try {
			return LocalDate.parse(value.toString());
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new InvalidJobParametersException(name + " must be an ISO date (yyyy-mm-dd), got '" + value + "'");
		}
	}

}
