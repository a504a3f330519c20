package com.treasurybatch.launcher.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.treasurybatch.shared.ledger.MinorUnits;

/**
 * How console pages write values ({@code ${@consoleFormat.money(...)}} in templates): amounts from minor units
 * with the currency's ISO 4217 decimals, instants in UTC to the second, durations and ages in words.
 */
@Component("consoleFormat")
public class ConsoleFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/**
	 * E.g. {@code 123456, "usd"} is {@code 1,234.56 USD}.
	 * @param cents minor units
	 * @param currency ISO 4217 code, any case
	 */
	public String money(long cents, String currency) {
		return MinorUnits.grouped(cents, currency) + " " + currency.toUpperCase(Locale.ROOT);
	}

	/** E.g. {@code 2026-12-03 08:02:30 UTC}; a dash for {@code null}. */
	public String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "–";
	}

	/** The ISO-8601 form, for {@code <time datetime>}; empty for {@code null}. */
	public String iso(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	/** E.g. {@code 1 h 05 min}, {@code 42 s}; a dash for {@code null}. */
	public String millis(Long millis) {
		return (millis != null) ? duration(Duration.ofMillis(millis)) : "–";
	}

	/** E.g. {@code 3 min 20 s}. */
	public String duration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return (seconds == 0 && duration.toMillis() > 0) ? duration.toMillis() + " ms" : seconds + " s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		if (seconds < 86_400) {
			return (seconds / 3600) + " h " + String.format(Locale.ROOT, "%02d", (seconds % 3600) / 60) + " min";
		}
		return (seconds / 86_400) + " d " + ((seconds % 86_400) / 3600) + " h";
	}

}
