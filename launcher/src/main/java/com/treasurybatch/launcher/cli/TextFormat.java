package com.treasurybatch.launcher.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.treasurybatch.launcher.operations.ExecutionSummary;

/**
 * Plain-text formatting shared by the verbs: UTC instants to the second, durations, who
 * ran what.
 */
final class TextFormat {

	private TextFormat() {
	}

	/**
	 * An instant as ISO-8601 UTC to the second, e.g. {@code 2026-11-21T07:00:00Z};
	 * {@code -} for none.
	 */
	static String instant(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "-";
	}

	/**
	 * A duration in milliseconds as {@code 1.204 s}, {@code 3 min 2 s} or
	 * {@code 2 h 5 min}; {@code -} for none.
	 */
	static String duration(Long millis) {
		if (millis == null) {
			return "-";
		}
		if (millis < 60_000) {
			return String.format("%d.%03d s", millis / 1000, millis % 1000);
		}
		long seconds = millis / 1000;
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
	}

	/** Who triggered a run and how, e.g. {@code alice via cli}; {@code -} if unknown. */
	static String trigger(ExecutionSummary execution) {
		if (execution.triggeredBy() == null) {
			return "-";
		}
		return execution.triggeredBy() + " via " + execution.triggeredChannel();
	}

	/**
	 * The readable part of an exit description: its first line and every
	 * {@code Caused by:} line of the stack trace Spring Batch stores, without the frames.
	 */
	static String causes(String description) {
		List<String> lines = description.strip().lines().toList();
		if (lines.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder(lines.get(0).strip());
		lines.stream()
			.skip(1)
			.map(String::strip)
			.filter((line) -> line.startsWith("Caused by:"))
			.forEach((line) -> text.append(System.lineSeparator()).append("  ").append(line));
		return text.toString();
	}

	/** Text cut to {@code lengthMax} characters, with an ellipsis if cut. */
	static String cut(String text, int lengthMax) {
		if (text == null) {
			return "";
		}
		return (text.length() <= lengthMax) ? text : text.substring(0, lengthMax - 1) + "…";
	}

	/**
	 * Minor units as the currency's decimal text, e.g. 123456 usd -> "1234.56", 500 jpy -> "500" (ISO 4217
	 * fraction digits from {@link java.util.Currency}; 2 for a code it does not know). Integer arithmetic only.
	 */
	static String minorUnits(long amount, String currency) {
		return com.treasurybatch.shared.ledger.MinorUnits.decimal(amount, currency);
	}

}
