package com.treasurybatch.shared.analytics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The analytics raw events retention policy ({@code treasury.retention.analytics-events-hot}, 24 months, then
 * {@code analytics-events-archived}, 12 months): events that occurred before the hot window and that the rollups
 * already counted ({@code seq} at or below the {@code analytics_watermark}) are moved, one batch per call, to a gzip
 * JSON Lines file in the archive directory ({@code treasury.retention.analytics-archive-directory}, default
 * {@code TREASURY_HOME/archive/analytics-events}), recorded in {@code analytics_event_archives} with its sha256,
 * and deleted from the table; a file whose youngest event is older than both windows is deleted.
 *
 * <p>
 * Each line is one event's columns as JSON (seq, event_id, type, occurred_at, artist_id, show_id, city, genre, value,
 * metadata, schema_version, flag, received_at), without {@code user_id}: archives hold no personal identifier. The
 * rollups are not touched, so they give the same numbers before and after (a rollup rebuild reads the hot events only).
 * Restartable: a batch's file is named by its sequence range and written atomically; a batch rolled back after its
 * file was written rewrites the same file on the next call.
 */
@Component
public class AnalyticsEventsArchive {

	private static final String LINE = """
			jsonb_build_object('seq', seq, 'event_id', event_id, 'type', type, 'occurred_at', occurred_at,
			    'artist_id', artist_id, 'show_id', show_id, 'city', city, 'genre', genre, 'value', value,
			    'metadata', metadata, 'schema_version', schema_version, 'flag', flag, 'received_at', received_at)::text""";

	private static final String ARCHIVABLE = """
			FROM analytics_events WHERE occurred_at < ?
			AND seq <= (SELECT last_seq FROM analytics_watermark)""";

	private final JdbcTemplate jdbc;

	private final Path directory;

	/**
	 * @param jdbc the application's database
	 * @param environment reads {@code treasury.retention.analytics-archive-directory} and {@code treasury.home}
	 */
	public AnalyticsEventsArchive(JdbcTemplate jdbc, Environment environment) {
		this.jdbc = jdbc;
		String configured = environment.getProperty("treasury.retention.analytics-archive-directory", "");
		this.directory = (configured.isBlank()
				? Path.of(environment.getProperty("treasury.home", "./var"), "archive", "analytics-events")
				: Path.of(configured))
			.toAbsolutePath()
			.normalize();
	}

	/** @return where the archive files are */
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
		String sha256 = write(this.directory.resolve(name), lines);
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
	 * @throws UncheckedIOException if a file cannot be deleted
	 */
	public int deleteArchivesBefore(Instant cutoff, int filesMax, Instant now) {
		List<String> paths = this.jdbc.queryForList("SELECT path FROM analytics_event_archives WHERE deleted_at IS NULL"
				+ " AND last_occurred_at < ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", String.class,
				Timestamp.from(cutoff), filesMax);
		for (String path : paths) {
			try {
				Files.deleteIfExists(this.directory.resolve(path));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not delete analytics archive " + path, ex);
			}
			this.jdbc.update("UPDATE analytics_event_archives SET deleted_at = ? WHERE path = ?", Timestamp.from(now),
					path);
		}
		return paths.size();
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

	/** Writes gzip JSON Lines to a temporary file and moves it in place; returns the file's sha256 (hex). */
	private static String write(Path target, List<String> lines) {
		Path temporary = null;
		try {
			Files.createDirectories(target.getParent());
			temporary = Files.createTempFile(target.getParent(), ".analytics-events-", ".tmp");
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			try (OutputStream file = new DigestOutputStream(Files.newOutputStream(temporary), sha256);
					OutputStream gzip = new GZIPOutputStream(file)) {
				for (String line : lines) {
					gzip.write(line.getBytes(StandardCharsets.UTF_8));
					gzip.write('\n');
				}
			}
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write analytics archive " + target, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
		finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				}
				catch (IOException ex) {
					// best effort: a stray temporary file is harmless
				}
			}
		}
	}

}
