package com.treasurybatch.shared.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proof of erasure ({@code erasure_log}): one row per completed request with the subject's hash and, per holder,
 * what was erased and what was kept under which duty until when. Holds no personal data.
 */
@Repository
public class ErasureLog {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	/**
	 * @param jdbc the application's database
	 * @param json writes the holdings as a JSON array
	 */
	public ErasureLog(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Appends the row of a request, in the caller's transaction.
	 * @param requestId the request
	 * @param subjectHash its subject's hash
	 * @param holdings one per holder that had something
	 * @param erasedAt the purge's time, UTC
	 * @param jobExecutionId the gdpr-purge execution, may be null
	 * @throws IllegalStateException if the request already has its row (a request is erased once)
	 */
	public void record(long requestId, String subjectHash, List<Holding> holdings, Instant erasedAt,
			Long jobExecutionId) {
		recordAll(List.of(new Entry(requestId, subjectHash, holdings)), erasedAt, jobExecutionId);
	}

	/**
	 * Appends the rows of a chunk of requests in one batch, in the caller's transaction.
	 * @param entries one per request
	 * @param erasedAt the purge's time, UTC
	 * @param jobExecutionId the gdpr-purge execution, may be null
	 * @throws IllegalStateException if a request already has its row (a request is erased once)
	 */
	public void recordAll(List<Entry> entries, Instant erasedAt, Long jobExecutionId) {
		List<Object[]> batch = new ArrayList<>();
		for (Entry entry : entries) {
			batch.add(new Object[] { entry.requestId(), Timestamp.from(erasedAt), entry.subjectHash(),
					this.json.writeValueAsString(rows(entry.holdings())), jobExecutionId });
		}
		int[] inserted = this.jdbc.batchUpdate("INSERT INTO erasure_log (request_id, erased_at, subject_hash, holdings,"
				+ " job_execution_id) VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT (request_id) DO NOTHING", batch);
		for (int i = 0; i < inserted.length; i++) {
			if (inserted[i] == 0) {
				throw new IllegalStateException(
						"erasure request " + entries.get(i).requestId() + " already has its erasure log row");
			}
		}
	}

	private static List<Map<String, Object>> rows(List<Holding> holdings) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Holding holding : holdings) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("holder", holding.holder());
			row.put("erased", holding.erased());
			row.put("kept", holding.kept());
			row.put("duty", (holding.duty() != null) ? holding.duty().name() : null);
			row.put("dutySource", (holding.duty() != null) ? holding.duty().source() : null);
			row.put("keptUntil", (holding.keptUntil() != null) ? holding.keptUntil().toString() : null);
			rows.add(row);
		}
		return rows;
	}

	/**
	 * One request's row.
	 * @param requestId the request
	 * @param subjectHash its subject's hash
	 * @param holdings one per holder that had something
	 */
	public record Entry(long requestId, String subjectHash, List<Holding> holdings) {
	}

	/**
	 * @param limit at most this many, 1 to 1000
	 * @return the newest rows first: request id, erased at, subject hash, holdings as JSON text
	 */
	public List<Map<String, Object>> list(int limit) {
		return this.jdbc.queryForList("SELECT request_id, erased_at, subject_hash, holdings::text AS holdings"
				+ " FROM erasure_log ORDER BY request_id DESC LIMIT ?", Math.max(1, Math.min(limit, 1000)));
	}

}
