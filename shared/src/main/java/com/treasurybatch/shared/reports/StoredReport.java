package com.treasurybatch.shared.reports;

import java.time.Instant;

/**
 * A file in report storage, as recorded in the {@code reports} table.
 *
 * @param id row id
 * @param type report type code, e.g. {@code ledger-export}
 * @param period {@code yyyy-MM} or {@code yyyy}
 * @param format csv, jsonl or pdf
 * @param name file name
 * @param path path relative to report storage
 * @param sizeBytes size in bytes
 * @param sha256 SHA-256 of the content, lower-case hex
 * @param contentType media type
 * @param jobExecutionId the execution that wrote it
 * @param createdAt when it was recorded (UTC)
 */
public record StoredReport(long id, String type, String period, String format, String name, String path,
		long sizeBytes, String sha256, String contentType, long jobExecutionId, Instant createdAt) {
}
