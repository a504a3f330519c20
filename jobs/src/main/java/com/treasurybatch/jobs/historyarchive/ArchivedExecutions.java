package com.treasurybatch.jobs.historyarchive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the index of archived executions ({@code batch_execution_archive}) for the CLI and the API. */
@Repository
public class ArchivedExecutions {

	/** Most rows of one page. */
	public static final int LIMIT_MAX = 500;

	private static final String COLUMNS = "job_execution_id, job_instance_id, job_name, create_time, start_time,"
			+ " end_time, status, exit_code, archive_file, archive_sha256, archived_at";

	private final JdbcTemplate jdbc;

	/** @param jdbc the application's database */
	public ArchivedExecutions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param jobName only this job, or null for all
	 * @param beforeId only executions with a smaller id (next page), or null
	 * @param limit 1 to {@link #LIMIT_MAX}
	 * @return newest execution id first
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	public List<ArchivedExecution> list(String jobName, Long beforeId, int limit) {
		if (limit < 1 || limit > LIMIT_MAX) {
			throw new IllegalArgumentException("limit must be 1.." + LIMIT_MAX);
		}
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM batch_execution_archive WHERE true");
		List<Object> params = new ArrayList<>();
		if (jobName != null) {
			sql.append(" AND job_name = ?");
			params.add(jobName);
		}
		if (beforeId != null) {
			sql.append(" AND job_execution_id < ?");
			params.add(beforeId);
		}
		sql.append(" ORDER BY job_execution_id DESC LIMIT ?");
		params.add(limit);
		return this.jdbc.query(sql.toString(), ArchivedExecutions::execution, params.toArray());
	}

	/** @return the archived execution with this id, if it was archived */
	public Optional<ArchivedExecution> find(long executionId) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM batch_execution_archive WHERE job_execution_id = ?",
					ArchivedExecutions::execution, executionId)
			.stream()
			.findFirst();
	}

	private static ArchivedExecution execution(ResultSet rs, int row) throws SQLException {
		return new ArchivedExecution(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"),
				rs.getString("job_name"), instant(rs.getTimestamp("create_time")),
				instant(rs.getTimestamp("start_time")), instant(rs.getTimestamp("end_time")), rs.getString("status"),
				rs.getString("exit_code"), rs.getString("archive_file"), rs.getString("archive_sha256"),
				instant(rs.getTimestamp("archived_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
