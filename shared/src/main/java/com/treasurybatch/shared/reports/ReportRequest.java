package com.treasurybatch.shared.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * One report asked for: the identifying job parameters {@code type}, {@code period} and {@code format}. Periods are
 * UTC: a month runs from its first day 00:00Z (inclusive) to the next month's (exclusive), a tax year from 1 January
 * to the next 1 January.
 *
 * @param type what to make
 * @param period {@code yyyy-MM} for monthly types, {@code yyyy} for tax years
 * @param format one of the type's formats
 */
public record ReportRequest(ReportType type, String period, String format) {

	/**
	 * Checks the period's shape against the type and the format against the type's formats.
	 * @throws IllegalArgumentException saying what is wrong and what is expected
	 */
	public ReportRequest {
		if (type == null) {
			throw new IllegalArgumentException("A report needs a type");
		}
		format = (format == null || format.isBlank()) ? type.formats().get(0) : format;
		if (!type.formats().contains(format)) {
			throw new IllegalArgumentException(
					"Report " + type.code() + " is made in " + type.formats() + ", not '" + format + "'");
		}
		if (period == null) {
			throw new IllegalArgumentException("A report needs a period");
		}
		try {
			if (type.yearly()) {
				if (!period.matches("[0-9]{4}")) {
					throw new DateTimeParseException("not yyyy", period, 0);
				}
			}
			else {
				YearMonth.parse(period);
			}
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Report " + type.code() + " takes a period "
					+ (type.yearly() ? "yyyy (a tax year, e.g. 2026)" : "yyyy-MM (a month, e.g. 2026-10)") + ", not '"
					+ period + "'");
		}
	}

	/** Parses job parameter values; a null or blank format is the type's default. */
	public static ReportRequest of(String type, String period, String format) {
		return new ReportRequest(ReportType.fromCode(type), period, format);
	}

	/** The first day of the period. */
	public LocalDate firstDay() {
		return this.type.yearly() ? LocalDate.of(Integer.parseInt(this.period), 1, 1)
				: YearMonth.parse(this.period).atDay(1);
	}

	/** The day after the period. */
	public LocalDate endDay() {
		return this.type.yearly() ? firstDay().plusYears(1) : firstDay().plusMonths(1);
	}

	/** Start of the period, inclusive, UTC. */
	public Instant from() {
		return firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** End of the period, exclusive, UTC: also the fixed time stamped into the files (never the clock). */
	public Instant to() {
		return endDay().atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** A stable key of the report, e.g. {@code ledger-export/2026-10/csv}. */
	public String key() {
		return this.type.code() + "/" + this.period + "/" + this.format;
	}

}
