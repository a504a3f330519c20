package com.treasurybatch.launcher.catalog;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.inventory.CatalogDesk;
import com.treasurybatch.shared.inventory.TicketType;
import com.treasurybatch.shared.inventory.TicketedEvent;

/**
 * Loads ticketed events and ticket types from CSV (RFC 4180, OpenCSV), one ticket type per row, its event created or
 * changed from the same row. Header (any order, all required):
 * {@value #HEADER}. Times are ISO 8601 instants ({@code 2026-12-31T20:00:00Z}), price in minor units, currency
 * lowercase ISO 4217, capacity a whole number. Each row is its own transaction (audited through {@link CatalogDesk});
 * a malformed row is skipped with its line and reason and the rest are loaded.
 */
@Component
public class CatalogCsvLoader {

	/** The columns. */
	public static final String HEADER = "event_id,event_title,event_starts_at,ticket_type_id,ticket_name,price,"
			+ "currency,capacity,sale_starts_at,sale_ends_at";

	private static final List<String> COLUMNS = Arrays.asList(HEADER.split(","));

	private final CatalogDesk desk;

	/**
	 * @param desk where rows are saved
	 */
	public CatalogCsvLoader(CatalogDesk desk) {
		this.desk = desk;
	}

	/**
	 * Loads a file.
	 * @param csv the file's text
	 * @param actor who loads it
	 * @return rows loaded and rows skipped
	 * @throws IllegalArgumentException if the header lacks a column or the file is not CSV
	 * @throws IOException if it cannot be read
	 */
	public CatalogLoadReport load(Reader csv, Actor actor) throws IOException {
		try (CSVReader reader = new CSVReader(csv)) {
			String[] header = reader.readNext();
			if (header == null) {
				throw new IllegalArgumentException("empty file: the header " + HEADER + " is required");
			}
			Map<String, Integer> index = new HashMap<>();
			for (int i = 0; i < header.length; i++) {
				index.put(header[i].strip().toLowerCase(java.util.Locale.ROOT), i);
			}
			List<String> missing = COLUMNS.stream().filter((column) -> !index.containsKey(column)).toList();
			if (!missing.isEmpty()) {
				throw new IllegalArgumentException("header lacks " + String.join(", ", missing) + " (expected "
						+ HEADER + ")");
			}
			int loaded = 0;
			List<CatalogLoadReport.SkippedRow> skipped = new ArrayList<>();
			String[] row;
			while ((row = reader.readNext()) != null) {
				long line = reader.getLinesRead();
				if (row.length == 1 && row[0].isBlank()) {
					continue;
				}
				try {
					Row parsed = new Row(row, index);
					this.desk.save(new TicketedEvent(parsed.text("event_id"), parsed.text("event_title"),
							parsed.instant("event_starts_at")), actor);
					this.desk.save(new TicketType(parsed.text("ticket_type_id"), parsed.text("event_id"),
							parsed.text("ticket_name"), parsed.number("price"), parsed.text("currency"),
							Math.toIntExact(parsed.number("capacity")), 0, 0, parsed.instant("sale_starts_at"),
							parsed.instant("sale_ends_at")), actor);
					loaded++;
				}
				catch (IllegalArgumentException | ArithmeticException ex) {
					skipped.add(new CatalogLoadReport.SkippedRow(line, ex.getMessage()));
				}
				catch (DataAccessException ex) {
					skipped.add(new CatalogLoadReport.SkippedRow(line,
							"refused by the database: " + ex.getMostSpecificCause().getMessage()));
				}
			}
			return new CatalogLoadReport(loaded, List.copyOf(skipped));
		}
		catch (CsvException ex) {
			throw new IllegalArgumentException("not CSV: " + ex.getMessage(), ex);
		}
	}

	/** One data row, read by column name. */
	private record Row(String[] values, Map<String, Integer> index) {

		String text(String column) {
			int at = this.index.get(column);
			String value = (at < this.values.length) ? this.values[at].strip() : "";
			if (value.isEmpty()) {
				throw new IllegalArgumentException(column + " is empty");
			}
			return value;
		}

		Instant instant(String column) {
			String value = text(column);
			try {
				return Instant.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException(column + " '" + value + "' is not an ISO 8601 instant");
			}
		}

		long number(String column) {
			String value = text(column);
			try {
				return Long.parseLong(value);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(column + " '" + value + "' is not a whole number (minor units)");
			}
		}

	}

}
