package com.treasurybatch.shared.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.treasurybatch.shared.storage.ContentStore;
import com.treasurybatch.shared.storage.NodeLocalFiles;

/**
 * The analytics raw events retention policy ({@code treasury.retention.analytics-events-hot}, 24 months, then
 * {@code analytics-events-archived}, 12 months): events that occurred before the hot window and that the rollups
 * already counted ({@code seq} at or below the {@code analytics_watermark}) are moved, one batch per call, to a gzip
 * JSON Lines file in shared storage ({@link ContentStore}, every node's: the database or an S3 bucket), recorded in
 * {@code analytics_event_archives} with its name and sha256, and deleted from the table; a file whose youngest event
 * is older than both windows is deleted. Files archived before archives moved to the database are in the node's
 * archive directory ({@code treasury.retention.analytics-archive-directory}, default
 * {@code TREASURY_HOME/archive/analytics-events}); {@link #importLocalFiles()} moves them at start-up.
 *
 * <p>
 * Each line is one event's columns as JSON (seq, event_id, type, occurred_at, artist_id, show_id, city, genre, value,
 * metadata, schema_version, flag, received_at), without {@code user_id}: archives hold no personal identifier. The
 * rollups are not touched, so they give the same numbers before and after (a rollup rebuild reads the hot events only).
 * Restartable: a batch's file is named by its sequence range and stored whole or not at all; a batch rolled back
 * after its file was stored stores the same bytes again on the next call (stored once: contents are addressed by
 * their SHA-256).
 */
@Component
public class AnalyticsEventsArchive implements NodeLocalFiles {

	private static final String LINE = """
			jsonb_build_object('seq', seq, 'event_id', event_id, 'type', type, 'occurred_at', occurred_at,
			    'artist_id', artist_id, 'show_id', show_id, 'city', city, 'genre', genre, 'value', value,
			    'metadata', metadata, 'schema_version', schema_version, 'flag', flag, 'received_at', received_at)::text""";

	private static final String ARCHIVABLE = """
			FROM analytics_events WHERE occurred_at < ?
			AND seq <= (SELECT last_seq FROM analytics_watermark)""";

	private final JdbcTemplate jdbc;

	private static final Logger log = LoggerFactory.getLogger(AnalyticsEventsArchive.class);

	private final Path directory;

	private final ContentStore contents;

	/**
	 * @param jdbc the application's database
	 * @param environment reads {@code treasury.retention.analytics-archive-directory} and {@code treasury.home}
	 * @param contents where archive files are stored
	 */
	public AnalyticsEventsArchive(JdbcTemplate jdbc, Environment environment, ContentStore contents) {
		this.jdbc = jdbc;
		this.contents = contents;
		String configured = environment.getProperty("treasury.retention.analytics-archive-directory", "");
		this.directory = (configured.isBlank()
				? Path.of(environment.getProperty("treasury.home", "./var"), "archive", "analytics-events")
				: Path.of(configured))
			.toAbsolutePath()
			.normalize();
	}

	/** @return the node's own directory where archive files were kept before they moved to the database */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Archives one batch, in the caller's transaction: writes the file, records it, deletes the rows.
	 * @param hotCutoff events that occurred before this instant (UTC) are archived
	 * @param rowsMax at most this many events in the file
	 * @param now stamped as the archive's {@code created_at}
	 * @return events archived; 0 when the policy is fully applied
	 * @throws UncheckedIOException if the file cannot be written: the batch rolls back, nothing is lost
	 */
	public int archiveBatch(Instant hotCutoff, int rowsMax, Instant now) {
		List<Long> seqs = new ArrayList<>();
		List<String> lines = new ArrayList<>();
		List<Timestamp> occurred = new ArrayList<>();
		this.jdbc.query("SELECT seq, occurred_at, " + LINE + " " + ARCHIVABLE + " ORDER BY seq LIMIT ? FOR UPDATE",
				(rs) -> {
					seqs.add(rs.getLong(1));
					occurred.add(rs.getTimestamp(2));
					lines.add(rs.getString(3));
				}, Timestamp.from(hotCutoff), rowsMax);
		if (seqs.isEmpty()) {
			return 0;
		}
		long first = seqs.get(0);
		long last = seqs.get(seqs.size() - 1);
		String name = "analytics-events-" + first + "-" + last + ".jsonl.gz";
		String sha256 = write(name, lines);
		Timestamp youngest = occurred.stream().max(Timestamp::compareTo).orElseThrow();
		this.jdbc.update("""
				INSERT INTO analytics_event_archives (path, first_seq, last_seq, last_occurred_at, rows, sha256, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (path) DO UPDATE SET sha256 = EXCLUDED.sha256, rows = EXCLUDED.rows, deleted_at = NULL""",
				name, first, last, youngest, seqs.size(), sha256, Timestamp.from(now));
		int deleted = this.jdbc.update("DELETE FROM analytics_events WHERE seq = ANY(?::bigint[])",
				(Object) seqs.toArray(Long[]::new));
		if (deleted != seqs.size()) {
			throw new IllegalStateException("archived " + seqs.size() + " analytics events but deleted " + deleted);
		}
		return seqs.size();
	}

	/**
	 * Deletes one batch of archive files whose youngest event occurred before the cutoff, and marks them deleted.
	 * @param cutoff end of the archive window (UTC): hot plus archived before now
	 * @param filesMax at most this many files
	 * @param now stamped as {@code deleted_at}
	 * @return files deleted
	 * @throws UncheckedIOException if a file left in the node's directory cannot be deleted
	 */
	public int deleteArchivesBefore(Instant cutoff, int filesMax, Instant now) {
		List<String[]> files = this.jdbc.query("SELECT path, sha256 FROM analytics_event_archives WHERE deleted_at IS NULL"
				+ " AND last_occurred_at < ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) }, Timestamp.from(cutoff), filesMax);
		for (String[] file : files) {
			String path = file[0];
			try {
				Files.deleteIfExists(this.directory.resolve(path));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not delete analytics archive " + path, ex);
			}
			this.jdbc.update("UPDATE analytics_event_archives SET deleted_at = ? WHERE path = ?", Timestamp.from(now),
					path);
			Long stillNamed = this.jdbc.queryForObject("SELECT count(*) FROM analytics_event_archives"
					+ " WHERE sha256 = ? AND deleted_at IS NULL", Long.class, file[1]);
			if (stillNamed != null && stillNamed == 0) {
				this.contents.delete(file[1]);
			}
		}
		return files.size();
	}

	/**
	 * Opens an archive file (gzip JSON Lines), streamed from shared storage.
	 * @param sha256 as recorded in {@code analytics_event_archives}
	 * @throws IOException if it is not stored
	 */
	public InputStream open(String sha256) throws IOException {
		return this.contents.open(sha256);
	}

	@Override
	public String description() {
		return "analytics event archives";
	}

	@Override
	public int importLocalFiles() {
		List<String[]> missing = this.jdbc.query("""
				SELECT path, sha256 FROM analytics_event_archives a WHERE deleted_at IS NULL
				AND NOT EXISTS (SELECT 1 FROM stored_contents c WHERE c.sha256 = a.sha256) ORDER BY id""",
				(rs, row) -> new String[] { rs.getString(1), rs.getString(2) });
		int moved = 0;
		for (String[] file : missing) {
			Path path = this.directory.resolve(file[0]).normalize();
			if (!path.startsWith(this.directory) || !Files.isRegularFile(path)) {
				continue;
			}
			try {
				this.contents.importFile(path, file[1]);
				moved++;
			}
			catch (IOException ex) {
				log.error("Analytics archive {} not moved to the database: {}", path, ex.getMessage());
			}
		}
		return moved;
	}

	/**
	 * @return how many events the archive policy would move now, and how many files it would delete (dry run)
	 */
	public long[] countDue(Instant hotCutoff, Instant archiveCutoff) {
		Long events = this.jdbc.queryForObject("SELECT count(*) " + ARCHIVABLE, Long.class, Timestamp.from(hotCutoff));
		Long files = this.jdbc.queryForObject("SELECT count(*) FROM analytics_event_archives WHERE deleted_at IS NULL"
				+ " AND last_occurred_at < ?", Long.class, Timestamp.from(archiveCutoff));
		return new long[] { (events != null) ? events : 0, (files != null) ? files : 0 };
	}

	/** Stores gzip JSON Lines; returns the file's sha256 (hex). */
	private String write(String name, List<String> lines) {
		try {
			return this.contents.write((out) -> {
				try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
					for (String line : lines) {
						gzip.write(line.getBytes(StandardCharsets.UTF_8));
						gzip.write('\n');
					}
				}
			}).sha256();
		}
		catch (UncheckedIOException ex) {
			throw new UncheckedIOException("Could not write analytics archive " + name + ": " + ex.getMessage(),
					ex.getCause());
		}
	}

}
