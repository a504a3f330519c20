package com.treasurybatch.launcher.operations;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Turns operator input ({@code name=value} pairs, from the CLI or the API) into
 * identifying job parameters.
 *
 * <p>
 * Types, unless the name carries a hint ({@code name:date}, {@code name:long},
 * {@code name:string}):
 * <ul>
 * <li>an ISO date ({@code 2026-11-20}) is a {@link LocalDate};</li>
 * <li>a canonical integer that fits a long ({@code 42}, {@code -7}; not {@code 007}) is a
 * {@link Long};</li>
 * <li>anything else is a {@link String}.</li>
 * </ul>
 * Every parameter given is identifying: it is part of the job instance's business key.
 * The names {@value JobOperations#TRIGGERED_BY} and
 * {@value JobOperations#TRIGGERED_CHANNEL} are reserved.
 */
final class JobParametersParser {

	/** Most parameters one start accepts. */
	static final int PARAMETERS_MAX = 20;

	/** Longest parameter name, in characters (Spring Batch's column holds 100). */
	static final int NAME_LENGTH_MAX = 100;

	/** Longest parameter value, in characters (Spring Batch's column holds 2500). */
	static final int VALUE_LENGTH_MAX = 2500;

	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

	private static final Pattern CANONICAL_LONG = Pattern.compile("0|-?[1-9][0-9]{0,18}");

	private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private JobParametersParser() {
	}

	/**
	 * Parses operator input.
	 * @param requested names (optionally with a {@code :type} hint) to values, in the
	 * operator's order
	 * @return identifying parameters
	 * @throws OperationRefusedException ({@link Refusal#INVALID_PARAMETERS}) saying what
	 * is wrong with which parameter
	 */
	static JobParameters parse(Map<String, String> requested) {
		if (requested.size() > PARAMETERS_MAX) {
			throw invalid("at most " + PARAMETERS_MAX + " parameters, got " + requested.size());
		}
		Set<JobParameter<?>> parameters = new LinkedHashSet<>();
		Set<String> names = new LinkedHashSet<>();
		requested.forEach((key, value) -> {
			JobParameter<?> parameter = parameter(key, value);
			if (!names.add(parameter.name())) {
				throw invalid("parameter '" + parameter.name() + "' is given twice");
			}
			parameters.add(parameter);
		});
		return new JobParameters(parameters);
	}

	private static JobParameter<?> parameter(String key, String value) {
		int colon = key.indexOf(':');
		String name = (colon < 0) ? key : key.substring(0, colon);
		String hint = (colon < 0) ? null : key.substring(colon + 1);
		if (name.length() > NAME_LENGTH_MAX || !NAME.matcher(name).matches()) {
			throw invalid("parameter name '" + name + "' must start with a letter and hold only letters, digits, '.', "
					+ "'_' or '-' (at most " + NAME_LENGTH_MAX + " characters)");
		}
		if (name.equals(JobOperations.TRIGGERED_BY) || name.equals(JobOperations.TRIGGERED_CHANNEL)) {
			throw invalid("parameter '" + name + "' is reserved: it records who started the run");
		}
		if (value == null || value.isEmpty()) {
			throw invalid("parameter '" + name + "' has no value");
		}
		if (value.length() > VALUE_LENGTH_MAX) {
			throw invalid("parameter '" + name + "' is longer than " + VALUE_LENGTH_MAX + " characters");
		}
		if (hint == null) {
			if (ISO_DATE.matcher(value).matches()) {
				return new JobParameter<>(name, date(name, value), LocalDate.class, true);
			}
			if (CANONICAL_LONG.matcher(value).matches()) {
				return new JobParameter<>(name, number(name, value), Long.class, true);
			}
			return new JobParameter<>(name, value, String.class, true);
		}
		return switch (hint) {
			case "date" -> new JobParameter<>(name, date(name, value), LocalDate.class, true);
			case "long" -> new JobParameter<>(name, number(name, value), Long.class, true);
			case "string" -> new JobParameter<>(name, value, String.class, true);
			default ->
				throw invalid("parameter '" + name + "' has an unknown type '" + hint + "'; use date, long or string");
		};
	}

	private static LocalDate date(String name, String value) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw invalid("parameter '" + name + "' is not an ISO date (yyyy-MM-dd): " + value);
		}
	}

	private static Long number(String name, String value) {
		try {
			return Long.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw invalid("parameter '" + name + "' is not a whole number within a long: " + value);
		}
	}

	private static OperationRefusedException invalid(String message) {
		return new OperationRefusedException(Refusal.INVALID_PARAMETERS, message);
	}

}
