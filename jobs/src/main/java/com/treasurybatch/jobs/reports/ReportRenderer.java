package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportType;

/**
 * Makes one type of report: plans its files, then writes each. Implementations are deterministic: the same
 * request on the same data gives the same files, byte for byte (stable ordering, timestamps from the period, never
 * the clock).
 */
public interface ReportRenderer {

	/** The type it makes. */
	ReportType type();

	/**
	 * The files of a report, in a stable order.
	 * @param request type, period, format
	 * @return the files, possibly none (nothing to report)
	 */
	List<ReportFile> plan(ReportRequest request);

	/**
	 * Writes one planned file. Runs inside the transaction that records the file.
	 * @param request the report
	 * @param file one of {@link #plan}'s files
	 * @param reportId the {@code reports} row of this file (for links to it)
	 * @param out where the bytes go; not closed here
	 * @throws IOException if writing fails
	 */
	void write(ReportRequest request, ReportFile file, long reportId, OutputStream out) throws IOException;

	/**
	 * True when {@link #write} only reads committed data and writes nothing to the database: its files may then be
	 * written on other threads, outside the chunk's transaction, while the chunk's records stay in it. A writer
	 * that streams a large result must not say so: outside a transaction PostgreSQL's driver ignores the fetch size
	 * and reads the whole result into memory.
	 */
	default boolean readsOnly() {
		return false;
	}

}
