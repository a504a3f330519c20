package com.treasurybatch.jobs.historyarchive;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.springframework.jdbc.core.JdbcTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Moves one batch of old Spring Batch executions to one archive file: picks them, writes each as one JSON line
 * (instance, execution, parameters, context, steps and their contexts, owner node: Spring Batch's rows as
 * PostgreSQL renders them as jsonb, one line each) to a gzip file, then, in the caller's transaction, indexes them in
 * {@code batch_execution_archive}, deletes their rows in foreign-key order (BATCH_STEP_EXECUTION_CONTEXT,
 * BATCH_STEP_EXECUTION, BATCH_JOB_EXECUTION_CONTEXT, BATCH_JOB_EXECUTION_PARAMS, BATCH_JOB_EXECUTION, then the
 * instances left without executions) and audits the file's SHA-256 as {@code batch_history.archive}.
 *
 * <p>
 * Invariants: never picks a running execution (STARTING, STARTED, STOPPING, or no end time); never picks the last
 * execution of an instance that can still be restarted (FAILED, STOPPED, UNKNOWN) before the restartable window has
 * passed; an execution is in exactly one place, the tables or an indexed file (the deletion and the index commit
 * together; a file written by a transaction that then rolled back is an orphan nothing points to).
 */
class BatchHistoryArchiver {

	/** The audited action. */
	static final String ACTION = "batch_history.archive";

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

	BatchHistoryArchiver(JdbcTemplate jdbc, AuditLog audit, Path directory, HistoryArchiveProperties properties) {
		this.jdbc = jdbc;
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
		return new ArchiveFile(this.directory.resolve(name), sha256, ids.size());
	}

	/**
	 * Deletes the archive files (and their index rows) archived before the cutoff: the audit retention has ended.
	 * @param cutoff UTC
	 * @return files deleted
	 */
	int deleteArchivedBefore(Instant cutoff) {
		List<String> files = this.jdbc.queryForList("DELETE FROM batch_execution_archive WHERE archived_at < ?"
				+ " RETURNING archive_file", String.class, Timestamp.from(cutoff));
		int deleted = 0;
		for (String file : files.stream().distinct().toList()) {
			try {
				if (Files.deleteIfExists(this.directory.resolve(file))) {
					deleted++;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot delete expired archive " + file, ex);
			}
		}
		return deleted;
	}

	private String write(String name, Long[] ids) {
		try {
			Files.createDirectories(this.directory);
			Path part = this.directory.resolve(name + ".part");
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			try (OutputStream file = Files.newOutputStream(part);
					DigestOutputStream digested = new DigestOutputStream(file, sha256);
					GZIPOutputStream gzip = new GZIPOutputStream(digested);
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
			Files.move(part, this.directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write archive " + this.directory.resolve(name), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * One archive file written.
	 * @param path where it is
	 * @param sha256 hex SHA-256 of its bytes
	 * @param executions executions in it
	 */
	record ArchiveFile(Path path, String sha256, int executions) {
	}

}
