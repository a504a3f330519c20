package com.treasurybatch.shared.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code reports} table: which files report storage holds. Joins the caller's transaction.
 *
 * <p>Invariants: a file of a report (type, period, format, name) is recorded at most once (unique key); a row is
 * visible to others only complete (size and sha256 set), because it is inserted and completed in one transaction.
 */
@Repository
public class Reports {

	/** Most rows one listing returns. */
	public static final int LIST_LIMIT_MAX = 1000;

	private static final String COLUMNS = "id, type, period, format, name, path, size_bytes, sha256, content_type, "
			+ "job_execution_id, created_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	Reports(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The complete file of that id. */
	public Optional<StoredReport> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM reports WHERE id = ? AND sha256 IS NOT NULL")
			.param(id)
			.query(Reports::map)
			.optional();
	}

	/**
	 * Complete files, newest first.
	 * @param type a type code, or {@code null} for all
	 * @param period a period, or {@code null} for all
	 * @param limit 1 to {@value #LIST_LIMIT_MAX}
	 * @throws IllegalArgumentException for a limit out of range
	 */
	public List<StoredReport> list(String type, String period, int limit) {
		if (limit < 1 || limit > LIST_LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be 1 to " + LIST_LIMIT_MAX + ", got " + limit);
		}
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM reports
				WHERE sha256 IS NOT NULL AND (:type::text IS NULL OR type = :type)
				  AND (:period::text IS NULL OR period = :period)
				ORDER BY id DESC LIMIT :limit""")
			.param("type", type)
			.param("period", period)
			.param("limit", limit)
			.query(Reports::map)
			.list();
	}

	/** The file of a report with that name, if recorded. */
	public Optional<StoredReport> findFile(ReportRequest request, String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM reports WHERE type = ? AND period = ? AND format = ? AND name = ?")
			.params(request.type().code(), request.period(), request.format(), name)
			.query(Reports::map)
			.optional();
	}

	/**
	 * Records a file about to be written; complete it with {@link #complete} in the same transaction.
	 * @return the new row's id
	 * @throws org.springframework.dao.DuplicateKeyException if the file is already recorded
	 */
	public long reserve(ReportRequest request, ReportFile file, String path, long jobExecutionId) {
		return this.jdbc.sql("""
				INSERT INTO reports (type, period, format, name, path, content_type, job_execution_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
			.params(request.type().code(), request.period(), request.format(), file.name(), path, file.contentType(),
					jobExecutionId, OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.query(Long.class)
			.single();
	}

	/**
	 * Sets a reserved file's size and digest.
	 * @throws IllegalStateException if not exactly one row was completed
	 */
	public void complete(long id, long sizeBytes, String sha256) {
		int updated = this.jdbc.sql("UPDATE reports SET size_bytes = ?, sha256 = ? WHERE id = ? AND sha256 IS NULL")
			.params(sizeBytes, sha256, id)
			.update();
		if (updated != 1) {
			throw new IllegalStateException("Report file " + id + " completed " + updated + " times");
		}
	}

	private static StoredReport map(ResultSet rs, int row) throws SQLException {
		return new StoredReport(rs.getLong("id"), rs.getString("type"), rs.getString("period"), rs.getString("format"),
				rs.getString("name"), rs.getString("path"), rs.getLong("size_bytes"), rs.getString("sha256"),
				rs.getString("content_type"), rs.getLong("job_execution_id"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
