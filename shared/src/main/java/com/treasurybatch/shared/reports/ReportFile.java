package com.treasurybatch.shared.reports;

/**
 * One file a report is made of, planned before it is written.
 *
 * @param name file name, unique within the report, e.g. {@code statement-acct_1Abc.pdf}
 * @param subject what the file is about: a payee {@code acct_...}, a show id, or {@code null} for the whole report
 * @param contentType its media type, e.g. {@code text/csv}
 */
public record ReportFile(String name, String subject, String contentType) {

	/** CSV, RFC 4180, UTF-8. */
	public static final String CSV = "text/csv; charset=UTF-8";

	/** JSON Lines, UTF-8. */
	public static final String JSONL = "application/jsonl; charset=UTF-8";

	/** PDF. */
	public static final String PDF = "application/pdf";

	/** The media type of a format: csv, jsonl or pdf. */
	public static String contentTypeOf(String format) {
		return switch (format) {
			case "csv" -> CSV;
			case "jsonl" -> JSONL;
			case "pdf" -> PDF;
			default -> throw new IllegalArgumentException("Unknown format " + format);
		};
	}

}
