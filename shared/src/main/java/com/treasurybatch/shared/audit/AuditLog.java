package com.treasurybatch.shared.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only audit trail ({@code audit_log}): every operator action appends one row,
 * refusals and errors included.
 *
 * <p>
 * Invariants:
 * <ul>
 * <li>rows are only ever inserted: the database refuses UPDATE, DELETE and TRUNCATE on
 * the table (triggers);</li>
 * <li>ids increase with every row, so "before id" pages are stable while new rows
 * arrive.</li>
 * </ul>
 * A row joins the caller's transaction when there is one: an action that rolls back also
 * rolls back its audit row, so the trail never claims what did not happen. Outside a
 * transaction each row commits on its own.
 */
@Repository
public class AuditLog {

	/**
	 * Longest stored detail, in characters; longer details are cut and marked with an
	 * ellipsis.
	 */
	public static final int DETAIL_LENGTH_MAX = 4000;

	/**
	 * Longest stored target, in characters; longer targets are cut and marked with an
	 * ellipsis.
	 */
	public static final int TARGET_LENGTH_MAX = 200;

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	/**
	 * Creates the trail over the application's database, stamping rows with the given UTC
	 * clock.
	 */
	public AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Appends one row, stamped with the clock's current instant.
	 * @param event what happened
	 * @return the new row's id
	 * @throws IllegalArgumentException if the action is not a dotted lower-case verb
	 * @throws org.springframework.dao.DataAccessException if the row cannot be written
	 */
	public long record(AuditEvent event) {
		if (!event.action().matches("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+")) {
			throw new IllegalArgumentException(
					"Audit action must be dotted lower-case, e.g. job.start: " + event.action());
		}
		return this.jdbc.sql("""
				INSERT INTO audit_log (occurred_at, actor, channel, action, target, parameters, outcome, detail)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
				RETURNING id""")
			.params(OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), event.actor().name(),
					event.actor().channel().code(), event.action(), cut(event.target(), TARGET_LENGTH_MAX),
					this.json.writeValueAsString(event.parameters()), event.outcome().code(),
					cut(event.detail(), DETAIL_LENGTH_MAX))
			.query(Long.class)
			.single();
	}

	/**
	 * Reads one page of the trail, newest first.
	 * @param query which rows and how many (at most {@link AuditQuery#LIMIT_MAX})
	 * @return up to {@code query.limit()} rows, ids descending
	 */
	public List<AuditEntry> page(AuditQuery query) {
		StringBuilder sql = new StringBuilder(
				"SELECT id, occurred_at, actor, channel, action, target, parameters::text AS parameters, outcome, detail"
						+ " FROM audit_log WHERE true");
		List<Object> params = new ArrayList<>();
		if (query.beforeId() != null) {
			sql.append(" AND id < ?");
			params.add(query.beforeId());
		}
		if (query.action() != null) {
			sql.append(" AND action = ?");
			params.add(query.action());
		}
		if (query.target() != null) {
			sql.append(" AND target = ?");
			params.add(query.target());
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		params.add(query.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(this::entry).list();
	}

	/**
	 * Reads one filtered page of the trail, newest first (the console's audit page and the audit rows of one
	 * execution).
	 * @param search filters and page size
	 * @return up to {@code search.limit()} rows, ids descending
	 */
	public List<AuditEntry> search(AuditSearch search) {
		StringBuilder sql = new StringBuilder();
		List<Object> params = new ArrayList<>();
		StringBuilder range = new StringBuilder();
		List<Object> rangeParams = new ArrayList<>();
		if (search.from() != null) {
			range.append(" AND occurred_at >= ?");
			rangeParams.add(OffsetDateTime.ofInstant(search.from(), ZoneOffset.UTC));
		}
		if (search.to() != null) {
			range.append(" AND occurred_at < ?");
			rangeParams.add(OffsetDateTime.ofInstant(search.to(), ZoneOffset.UTC));
		}
		boolean dated = !rangeParams.isEmpty();
		if (dated) {
			// the range's lowest and highest ids bound the id scan (exact: the time condition stays), so that the
			// planner walks the ids of the range instead of every newer row. The bounds are aggregated over the
			// range's rows read through (occurred_at, id): "OFFSET 0" keeps PostgreSQL from planning min()/max() as
			// a walk of the primary key from one end filtered on occurred_at, which reads every row older (or
			// newer) than the range; the CTE reads the range once for both bounds.
			sql.append("WITH range_bounds AS MATERIALIZED (SELECT min(r.id) AS low, max(r.id) AS high"
					+ " FROM (SELECT id FROM audit_log WHERE true")
				.append(range)
				.append(" OFFSET 0) r) ");
			params.addAll(rangeParams);
		}
		sql.append("SELECT id, occurred_at, actor, channel, action, target, parameters::text AS parameters, outcome,"
				+ " detail FROM audit_log WHERE true");
		if (search.beforeId() != null) {
			sql.append(" AND id < ?");
			params.add(search.beforeId());
		}
		if (search.actor() != null) {
			sql.append(" AND actor = ?");
			params.add(search.actor());
		}
		if (search.action() != null) {
			sql.append(" AND action = ?");
			params.add(search.action());
		}
		if (search.target() != null) {
			sql.append(" AND target = ?");
			params.add(search.target());
		}
		if (dated) {
			sql.append(" AND id >= (SELECT low FROM range_bounds) AND id <= (SELECT high FROM range_bounds)");
			sql.append(range);
			params.addAll(rangeParams);
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		params.add(search.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(this::entry).list();
	}

	private AuditEntry entry(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
				rs.getString("actor"), rs.getString("channel"), rs.getString("action"), rs.getString("target"),
				this.json.readValue(rs.getString("parameters"), JSON_OBJECT), rs.getString("outcome"),
				rs.getString("detail"));
	}

	private static String cut(String text, int lengthMax) {
		if (text == null || text.length() <= lengthMax) {
			return text;
		}
		return text.substring(0, lengthMax - 1) + "…";
	}

}
