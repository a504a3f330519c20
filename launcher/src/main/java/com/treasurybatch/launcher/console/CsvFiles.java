package com.treasurybatch.launcher.console;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.opencsv.CSVWriter;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every console list as CSV (RFC 4180, comma-separated, a header row, UTF-8), as an attachment named after the
 * list. Times are ISO-8601 UTC, amounts minor units.
 */
final class CsvFiles {

	private CsvFiles() {
	}

	/**
	 * The response of one list.
	 * @param name the attachment's file name, e.g. {@code executions.csv}
	 * @param header the column names
	 * @param rows one array per row, as many values as columns ({@code null} written empty)
	 */
	static ResponseEntity<byte[]> of(String name, String[] header, List<String[]> rows) {
		StringWriter text = new StringWriter();
		try (CSVWriter csv = new CSVWriter(text)) {
			csv.writeNext(header, false);
			for (String[] row : rows) {
				csv.writeNext(row, false);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** A value as text, {@code null} as empty. */
	static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

}
