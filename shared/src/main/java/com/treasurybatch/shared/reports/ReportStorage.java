package com.treasurybatch.shared.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.storage.ContentStore;
import com.treasurybatch.shared.storage.NodeLocalFiles;

/**
 * Report storage, shared by every node: each file's bytes are a content of the {@link ContentStore} (PostgreSQL or
 * an S3 bucket, addressed by SHA-256), named by the {@code reports} row that records the file's SHA-256. A file is
 * stored whole or not at all, streamed.
 *
 * <p>
 * Before report files lived in the database they were files under a directory of each node
 * ({@code treasury.reports.storage}, default {@code TREASURY_HOME/reports}, holding
 * {@code <type>/<period>/<format>/<name>}): {@link #importLocalFiles()} moves the recorded ones found there into the
 * database at start-up, checking each file's SHA-256 against its row; a file already there is skipped, so every
 * start may run it. The directory still holds the generated link key ({@code .link-secret}) of the embedded
 * default.
 */
@Component
public class ReportStorage implements NodeLocalFiles {

	private static final Logger log = LoggerFactory.getLogger(ReportStorage.class);

	private final Path localDirectory;

	private final ContentStore contents;

	private final JdbcTemplate jdbc;

	ReportStorage(ReportsProperties properties, Environment environment, ContentStore contents, JdbcTemplate jdbc) {
		this.localDirectory = ((properties.storage() != null) ? properties.storage()
				: Path.of(environment.getProperty("treasury.home", "./var")).resolve("reports"))
			.toAbsolutePath()
			.normalize();
		this.contents = contents;
		this.jdbc = jdbc;
	}

	/** The node's own directory where report files were kept before they moved to the database, absolute. */
	public Path localDirectory() {
		return this.localDirectory;
	}

	/** A report file's name in storage: {@code <type>/<period>/<format>/<name>} (recorded as {@code reports.path}). */
	public static String relativePath(ReportRequest request, String name) {
		return request.type().code() + "/" + request.period() + "/" + request.format() + "/" + name;
	}

	/**
	 * Opens a stored file, streamed from the database.
	 * @param report as recorded
	 * @throws IOException if its bytes are not in storage (e.g. a node holding the file has not started since the
	 * move to the database)
	 */
	public InputStream open(StoredReport report) throws IOException {
		return this.contents.open(report.sha256());
	}

	/**
	 * Stores a file, committed when this returns; record its SHA-256 to name it.
	 * @param content writes the bytes
	 * @return size and SHA-256 of what was written
	 * @throws UncheckedIOException if writing fails (nothing is stored)
	 */
	public Written write(Content content) {
		ContentStore.Stored stored = this.contents.write(content::writeTo);
		return new Written(stored.sizeBytes(), stored.sha256());
	}

	/**
	 * Moves the recorded report files kept in {@link #localDirectory()} into the database: those whose SHA-256 is not
	 * stored yet and whose file is here with that SHA-256. Files are left where they are.
	 * @return files moved
	 */
	@Override
	public int importLocalFiles() {
		record Missing(String path, String sha256) {
		}
		// every file naming a missing content: files with the same bytes share one, and this node may hold any of them
		List<Missing> missing = this.jdbc.query("""
				SELECT path, sha256 FROM reports r
				WHERE sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stored_contents c WHERE c.sha256 = r.sha256)
				ORDER BY id""", (rs, row) -> new Missing(rs.getString(1), rs.getString(2)));
		Set<String> moving = new HashSet<>();
		missing.forEach((file) -> moving.add(file.sha256()));
		int moved = 0;
		for (Missing file : missing) {
			if (this.contents.contains(file.sha256())) {
				continue;
			}
			Path path = this.localDirectory.resolve(file.path()).normalize();
			if (!path.startsWith(this.localDirectory) || !Files.isRegularFile(path)) {
				continue;
			}
			try {
				this.contents.importFile(path, file.sha256());
				moved++;
			}
			catch (IOException ex) {
				log.error("Report file {} not moved to the database: {}", path, ex.getMessage());
			}
		}
		if (moving.size() > moved) {
			log.info("{} recorded report contents are neither in the database nor in {} (another node may hold them)",
					moving.size() - moved, this.localDirectory);
		}
		return moved;
	}

	@Override
	public String description() {
		return "report files";
	}

	/** Writes a file's bytes. */
	@FunctionalInterface
	public interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

	/**
	 * What was written.
	 *
	 * @param sizeBytes bytes
	 * @param sha256 lower-case hex
	 */
	public record Written(long sizeBytes, String sha256) {
	}

}
