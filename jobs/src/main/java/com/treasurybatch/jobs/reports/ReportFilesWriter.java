package com.treasurybatch.jobs.reports;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes planned report files to storage and records each in {@code reports}, in the chunk's transaction. A file
 * already recorded (a restart after a committed chunk, or another run of the same report) is skipped: a file is
 * never written or recorded twice. A file that fails to write fails the chunk, whose rows (and, for invoices, the
 * numbers issued) roll back; the restart writes it again with the same bytes.
 */
class ReportFilesWriter implements ItemWriter<ReportFile> {

	private static final Logger log = LoggerFactory.getLogger(ReportFilesWriter.class);

	private final ReportRequest request;

	private final ReportWriter writer;

	private final Reports reports;

	private final ReportStorage storage;

	private final long jobExecutionId;

	ReportFilesWriter(ReportRequest request, ReportWriter writer, Reports reports, ReportStorage storage,
			long jobExecutionId) {
		this.request = request;
		this.writer = writer;
		this.reports = reports;
		this.storage = storage;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void write(Chunk<? extends ReportFile> files) {
		for (ReportFile file : files) {
			if (this.reports.findFile(this.request, file.name()).isPresent()) {
				log.info("Report {} file {} is already recorded: not written again", this.request.key(), file.name());
				continue;
			}
			String path = ReportStorage.relativePath(this.request, file.name());
			long id = this.reports.reserve(this.request, file, path, this.jobExecutionId);
			ReportStorage.Written written;
			try {
				written = this.storage.write(path, (out) -> this.writer.write(this.request, file, id, out));
			}
			catch (UncheckedIOException ex) {
				throw new ReportFileException(this.request, file, ex.getCause());
			}
			this.reports.complete(id, written.sizeBytes(), written.sha256());
		}
	}

	/** A file that could not be written: names the report and the file. */
	static final class ReportFileException extends RuntimeException {

		ReportFileException(ReportRequest request, ReportFile file, IOException cause) {
			super("Report " + request.key() + ": file " + file.name() + " could not be written: " + cause.getMessage(),
					cause);
		}

	}

}
