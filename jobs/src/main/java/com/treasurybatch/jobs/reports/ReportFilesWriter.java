package com.treasurybatch.jobs.reports;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.treasurybatch.shared.reports.ReportFile;
import com.treasurybatch.shared.reports.ReportRequest;
import com.treasurybatch.shared.reports.ReportStorage;
import com.treasurybatch.shared.reports.Reports;

/**
 * Writes planned report files to storage and records each in {@code reports}, in the chunk's transaction. A file
 * already recorded (a restart after a committed chunk, or another run of the same report) is skipped: a file is
 * never written or recorded twice. A file that fails to write fails the chunk, whose rows (and, for invoices, the
 * numbers issued) roll back; the restart writes it again with the same bytes.
 */
class ReportFilesWriter implements ItemWriter<ReportFile> {

	private static final Logger log = LoggerFactory.getLogger(ReportFilesWriter.class);

	private final ReportRequest request;

	private final ReportRenderer writer;

	private final Reports reports;

	private final ReportStorage storage;

	private final long jobExecutionId;

	private final ExecutorService files;

	ReportFilesWriter(ReportRequest request, ReportRenderer writer, Reports reports, ReportStorage storage,
			long jobExecutionId, ExecutorService files) {
		this.request = request;
		this.writer = writer;
		this.reports = reports;
		this.storage = storage;
		this.jobExecutionId = jobExecutionId;
		this.files = files;
	}

	/**
	 * Records the chunk's new files, writes them (on the report file threads when the writer only reads, in this
	 * thread otherwise), then completes their records; all records commit with the chunk.
	 */
	@Override
	public void write(Chunk<? extends ReportFile> chunk) throws Exception {
		Map<ReportFile, Long> reserved = new LinkedHashMap<>();
		for (ReportFile file : chunk) {
			if (this.reports.findFile(this.request, file.name()).isPresent()) {
				log.info("Report {} file {} is already recorded: not written again", this.request.key(), file.name());
				continue;
			}
			String path = ReportStorage.relativePath(this.request, file.name());
			long id = this.reports.reserve(this.request, file, path, this.jobExecutionId);
			if (this.writer.readsOnly()) {
				reserved.put(file, id);
			}
			else {
				ReportStorage.Written written = writeFile(file, id);
				this.reports.complete(id, written.sizeBytes(), written.sha256());
			}
		}
		Map<ReportFile, Future<ReportStorage.Written>> writing = new LinkedHashMap<>();
		reserved.forEach((file, id) -> writing.put(file, this.files.submit(() -> writeFile(file, id))));
		RuntimeException failure = null;
		for (Map.Entry<ReportFile, Future<ReportStorage.Written>> entry : writing.entrySet()) {
			try {
				ReportStorage.Written written = entry.getValue().get();
				this.reports.complete(reserved.get(entry.getKey()), written.sizeBytes(), written.sha256());
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private ReportStorage.Written writeFile(ReportFile file, long id) {
		String path = ReportStorage.relativePath(this.request, file.name());
		try {
			return this.storage.write(path, (out) -> this.writer.write(this.request, file, id, out));
		}
		catch (UncheckedIOException ex) {
			throw new ReportFileException(this.request, file, ex.getCause());
		}
		catch (ReportFileException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new ReportFileException(this.request, file, ex);
		}
	}

	/** A file that could not be written: names the report and the file. */
	static final class ReportFileException extends RuntimeException {

		ReportFileException(ReportRequest request, ReportFile file, Exception cause) {
			super("Report " + request.key() + ": file " + file.name() + " could not be written: " + cause.getMessage(),
					cause);
		}

	}

}
