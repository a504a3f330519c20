package com.treasurybatch.launcher.catalog;

import java.util.List;

/**
 * What a catalog load did.
 *
 * @param loaded rows loaded (each an event upserted and one ticket type created or changed)
 * @param skipped rows skipped, with their line and reason
 */
public record CatalogLoadReport(int loaded, List<SkippedRow> skipped) {

	/**
	 * A row not loaded.
	 * @param line the line number in the file (the header is line 1)
	 * @param reason why, in plain words
	 */
	public record SkippedRow(long line, String reason) {
	}

}
