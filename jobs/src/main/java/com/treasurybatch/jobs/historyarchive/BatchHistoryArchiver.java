package com.treasurybatch.jobs.historyarchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.storage.ContentStore;
import com.treasurybatch.shared.storage.NodeLocalFiles;

/**
 * Moves one batch of old Spring Batch executions to one archive file: picks them, writes each as one JSON line
 * (instance, execution, parameters, context, steps and their contexts, owner node: Spring Batch's rows as
 * PostgreSQL renders them as jsonb, one line each) to a gzip file in shared storage ({@link ContentStore}, the
 * database or S3 bucket every node uses), then, in the caller's transaction, indexes them in
 * {@code batch_execution_archive}, deletes their rows in foreign-key order (BATCH_STEP_EXECUTION_CONTEXT,
 * BATCH_STEP_EXECUTION, BATCH_JOB_EXECUTION_CONTEXT, BATCH_JOB_EXECUTION_PARAMS, BATCH_JOB_EXECUTION, then the
 * instances left without executions) and audits the file's SHA-256 as {@code batch_history.archive}.
 *
 * <p>
 * Invariants: never picks a running execution (STARTING, STARTED, STOPPING, or no end time); never picks the last
 * execution of an instance that can still be restarted (FAILED, STOPPED, UNKNOWN) before the restartable window has
 * passed; an execution is in exactly one place, the tables or an indexed file (the deletion and the index commit
 * together; a file stored by a transaction that then rolled back is an orphan nothing points to).
 *
 * <p>
 * Files archived before archives moved to the database are in the node's archive directory
 * ({@code treasury.history-archive.directory}, default {@code TREASURY_HOME/archive/batch-history});
 * {@link #importLocalFiles()} moves them at start-up.
 */
class BatchHistoryArchiver implements NodeLocalFiles {

	/** The audited action. */
	static final String ACTION = "batch_history.archive";

	private static final Logger log = LoggerFactory.getLogger(BatchHistoryArchiver.class);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final String CANDIDATES = """
			SELECT e.job_execution_id FROM batch_job_execution e
			WHERE e.end_time IS NOT NULL AND e.end_time < ?
			  AND e.status NOT IN ('STARTING', 'STARTED', 'STOPPING')
			  AND (e.status NOT IN ('FAILED', 'STOPPED', 'UNKNOWN') OR e.end_time < ?
			       OR EXISTS (SELECT 1 FROM batch_job_execution later WHERE later.job_instance_id = e.job_instance_id
			                  AND later.job_execution_id > e.job_execution_id))
			ORDER BY e.job_execution_id
			LIMIT ?
			FOR UPDATE OF e SKIP LOCKED""";

	private static final String LINES = """
			SELECT json_build_object(
			  'job_instance', (SELECT row_to_json(i) FROM batch_job_instance i WHERE i.job_instance_id = e.job_instance_id),
			  'job_execution', row_to_json(e),
			  'job_execution_params', (SELECT coalesce(json_agg(p ORDER BY p.parameter_name), '[]'::json)
			                           FROM batch_job_execution_params p WHERE p.job_execution_id = e.job_execution_id),
			  'job_execution_context', (SELECT row_to_json(c) FROM batch_job_execution_context c
			                            WHERE c.job_execution_id = e.job_execution_id),
			  'step_executions', (SELECT coalesce(json_agg(json_build_object('step_execution', row_to_json(s),
			                        'step_execution_context', (SELECT row_to_json(sc) FROM batch_step_execution_context sc
			                                                   WHERE sc.step_execution_id = s.step_execution_id))
			                        ORDER BY s.step_execution_id), '[]'::json)
			                      FROM batch_step_execution s WHERE s.job_execution_id = e.job_execution_id),
			  'owner', (SELECT row_to_json(o) FROM batch_execution_owners o WHERE o.job_execution_id = e.job_execution_id)
			)::jsonb::text FROM batch_job_execution e WHERE e.job_execution_id = ANY(?::bigint[]) ORDER BY e.job_execution_id""";

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final Path directory;

	private final HistoryArchiveProperties properties;

	private final ContentStore contents;

	BatchHistoryArchiver(JdbcTemplate jdbc, AuditLog audit, Path directory, HistoryArchiveProperties properties,
			ContentStore contents) {
		this.jdbc = jdbc;
		this.contents = contents;
		this.audit = audit;
		this.directory = directory;
		this.properties = properties;
	}

	/**
	 * Archives the oldest eligible executions, at most {@code executions-per-file-max}, into one new file.
	 * @param now UTC
	 * @return the file written, or null when nothing is eligible
	 * @throws UncheckedIOException when the file cannot be written (nothing is deleted then)
	 */
	ArchiveFile archiveNext(Instant now) {
		LocalDateTime hotCutoff = utc(now.minus(Duration.ofDays(this.properties.hotWindowDays())));
		LocalDateTime restartableCutoff = utc(now.minus(Duration.ofDays(this.properties.restartableWindowDays())));
		List<Long> ids = this.jdbc.queryForList(CANDIDATES, Long.class, hotCutoff, restartableCutoff,
				this.properties.executionsPerFileMax());
		if (ids.isEmpty()) {
			return null;
		}
		Long[] idArray = ids.toArray(Long[]::new);
		String name = "batch-history-" + FILE_TIME.format(now) + "-" + ids.get(0) + "-" + ids.get(ids.size() - 1)
				+ ".jsonl.gz";
		String sha256 = write(name, idArray);
		List<Long> instances = this.jdbc.queryForList("SELECT DISTINCT job_instance_id FROM batch_job_execution"
				+ " WHERE job_execution_id = ANY(?::bigint[])", Long.class, (Object) idArray);
		this.jdbc.update("""
				INSERT INTO batch_execution_archive (job_execution_id, job_instance_id, job_name, create_time,
				    start_time, end_time, status, exit_code, archive_file, archive_sha256, archived_at)
				SELECT e.job_execution_id, e.job_instance_id, i.job_name, e.create_time AT TIME ZONE 'UTC',
				       e.start_time AT TIME ZONE 'UTC', e.end_time AT TIME ZONE 'UTC', e.status, e.exit_code, ?, ?, ?
				FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				WHERE e.job_execution_id = ANY(?::bigint[])""", name, sha256, Timestamp.from(now), idArray);
		this.jdbc.update("DELETE FROM batch_step_execution_context WHERE step_execution_id IN (SELECT step_execution_id"
				+ " FROM batch_step_execution WHERE job_execution_id = ANY(?::bigint[]))", (Object) idArray);
		this.jdbc.update("DELETE FROM batch_step_execution WHERE job_execution_id = ANY(?::bigint[])", (Object) idArray);
		this.jdbc.update("DELETE FROM batch_job_execution_context WHERE job_execution_id = ANY(?::bigint[])",
				(Object) idArray);
		this.jdbc.update("DELETE FROM batch_job_execution_params WHERE job_execution_id = ANY(?::bigint[])",
				(Object) idArray);
		int executions = this.jdbc.update("DELETE FROM batch_job_execution WHERE job_execution_id = ANY(?::bigint[])",
				(Object) idArray);
		if (executions != ids.size()) {
			throw new IllegalStateException("archived " + ids.size() + " executions but deleted " + executions);
		}
		int orphans = this.jdbc.update("DELETE FROM batch_job_instance i WHERE i.job_instance_id = ANY(?::bigint[])"
				+ " AND NOT EXISTS (SELECT 1 FROM batch_job_execution e WHERE e.job_instance_id = i.job_instance_id)",
				(Object) instances.toArray(Long[]::new));
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("sha256", sha256);
		parameters.put("executions", ids.size());
		parameters.put("firstExecutionId", ids.get(0));
		parameters.put("lastExecutionId", ids.get(ids.size() - 1));
		parameters.put("instancesDeleted", orphans);
		this.audit.record(new AuditEvent(Actor.SYSTEM, ACTION, name, parameters, AuditOutcome.OK,
				ids.size() + " executions archived, sha256 " + sha256));
		return new ArchiveFile(name, sha256, ids.size());
	}

	/**
	 * Deletes the archive files (and their index rows) archived before the cutoff: the audit retention has ended.
	 * @param cutoff UTC
	 * @return files deleted
	 */
	int deleteArchivedBefore(Instant cutoff) {
		List<Map<String, Object>> files = this.jdbc.queryForList("DELETE FROM batch_execution_archive"
				+ " WHERE archived_at < ? RETURNING archive_file, archive_sha256", Timestamp.from(cutoff));
		int deleted = 0;
		for (Map<String, Object> file : files.stream().distinct().toList()) {
			String name = (String) file.get("archive_file");
			String sha256 = (String) file.get("archive_sha256");
			try {
				Files.deleteIfExists(this.directory.resolve(name));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot delete expired archive " + name, ex);
			}
			Long stillNamed = this.jdbc.queryForObject(
					"SELECT count(*) FROM batch_execution_archive WHERE archive_sha256 = ?", Long.class, sha256);
			if (stillNamed != null && stillNamed == 0 && this.contents.delete(sha256)) {
				deleted++;
			}
		}
		return deleted;
	}

	/**
	 * Opens an archive file (gzip JSON Lines), streamed from shared storage.
	 * @param sha256 as indexed ({@code batch_execution_archive.archive_sha256})
	 * @throws IOException if it is not stored
	 */
	InputStream open(String sha256) throws IOException {
		return this.contents.open(sha256);
	}

	@Override
	public String description() {
		return "execution-history archives";
	}

	@Override
	public int importLocalFiles() {
		List<Map<String, Object>> missing = this.jdbc.queryForList("""
				SELECT DISTINCT archive_file, archive_sha256 FROM batch_execution_archive a
				WHERE NOT EXISTS (SELECT 1 FROM stored_contents c WHERE c.sha256 = a.archive_sha256)""");
		int moved = 0;
		for (Map<String, Object> file : missing) {
			Path path = this.directory.resolve((String) file.get("archive_file")).normalize();
			if (!path.startsWith(this.directory) || !Files.isRegularFile(path)) {
				continue;
			}
			try {
				this.contents.importFile(path, (String) file.get("archive_sha256"));
				moved++;
			}
			catch (IOException ex) {
				log.error("Execution-history archive {} not moved to the database: {}", path, ex.getMessage());
			}
		}
		return moved;
	}

	private String write(String name, Long[] ids) {
		try {
			return this.contents.write((stream) -> {
				try (GZIPOutputStream gzip = new GZIPOutputStream(stream, 1 << 16);
						Writer out = new java.io.OutputStreamWriter(gzip, StandardCharsets.UTF_8)) {
					this.jdbc.query(LINES, (rs) -> {
						try {
							out.write(rs.getString(1));
							out.write('\n');
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
					}, (Object) ids);
				}
			}).sha256();
		}
		catch (UncheckedIOException ex) {
			throw new UncheckedIOException("cannot write archive " + name + ": " + ex.getMessage(), ex.getCause());
		}
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * One archive file written.
	 * @param name its name (the index's {@code archive_file})
	 * @param sha256 hex SHA-256 of its bytes
	 * @param executions executions in it
	 */
	record ArchiveFile(String name, String sha256, int executions) {
	}

}
