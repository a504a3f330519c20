package com.treasurybatch.shared.privacy;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The {@code erasure_requests} rows ({@code schema/V18__privacy_and_history_archive.sql}).
 *
 * <p>
 * Invariants: a PENDING request names its subject; a DONE one holds none of their identifiers (database checks), and
 * a request moves to DONE once ({@link #complete} updates only PENDING rows).
 */
@Repository
public class ErasureRequests {

	/** Columns read by {@link #ROW_MAPPER}, for readers that page over the table. */
	public static final String COLUMNS = "id, subject_hash, emails, customer_ids, account_ids, analytics_user_ids,"
			+ " received_at, due_at, status, channel, requested_by, completed_at";

	/** Maps a row selected with {@link #COLUMNS}. */
	public static final RowMapper<ErasureRequest> ROW_MAPPER = ErasureRequests::request;

	private final JdbcTemplate jdbc;

	/** @param jdbc the application's database */
	public ErasureRequests(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts a PENDING request.
	 * @param subject who to erase
	 * @param receivedAt now, UTC
	 * @param dueAt the deadline, UTC
	 * @param channel {@code cli} or {@code api}
	 * @param requestedBy the operator's name
	 * @return the new row
	 */
	public ErasureRequest create(DataSubject subject, Instant receivedAt, Instant dueAt, String channel,
			String requestedBy) {
		return this.jdbc.queryForObject("INSERT INTO erasure_requests (subject_hash, emails, customer_ids,"
				+ " account_ids, analytics_user_ids, received_at, due_at, channel, requested_by)"
				+ " VALUES (?, ?::text[], ?::text[], ?::text[], ?::text[], ?, ?, ?, ?) RETURNING " + COLUMNS, ROW_MAPPER,
				subject.hash(), array(subject.emails()), array(subject.customerIds()), array(subject.accountIds()),
				array(subject.analyticsUserIds()), Timestamp.from(receivedAt), Timestamp.from(dueAt), channel,
				requestedBy);
	}

	/**
	 * Marks a PENDING request DONE and forgets the subject's identifiers, in the caller's transaction.
	 * @return true if it was PENDING (false: already DONE)
	 */
	public boolean complete(long id, Instant completedAt) {
		int updated = this.jdbc.update("UPDATE erasure_requests SET status = 'DONE', completed_at = ?, emails = '{}',"
				+ " customer_ids = '{}', account_ids = '{}', analytics_user_ids = '{}'"
				+ " WHERE id = ? AND status = 'PENDING'", Timestamp.from(completedAt), id);
		if (updated > 1) {
			throw new IllegalStateException("erasure request " + id + " matched " + updated + " rows");
		}
		return updated == 1;
	}

	/**
	 * Marks a chunk of PENDING requests DONE and forgets their identifiers, in one statement, in the caller's
	 * transaction.
	 * @return how many were PENDING (fewer than given: another purge completed some)
	 */
	public int completeAll(List<Long> ids, Instant completedAt) {
		return this.jdbc.update("UPDATE erasure_requests SET status = 'DONE', completed_at = ?, emails = '{}',"
				+ " customer_ids = '{}', account_ids = '{}', analytics_user_ids = '{}'"
				+ " WHERE id = ANY(?::bigint[]) AND status = 'PENDING'", Timestamp.from(completedAt),
				ids.toArray(Long[]::new));
	}

	/** @return the request, if any */
	public Optional<ErasureRequest> find(long id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM erasure_requests WHERE id = ?", ROW_MAPPER, id)
			.stream()
			.findFirst();
	}

	/** @return the newest requests first, at most {@code limit} (1 to 1000) */
	public List<ErasureRequest> list(int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM erasure_requests ORDER BY id DESC LIMIT ?", ROW_MAPPER,
				Math.max(1, Math.min(limit, 1000)));
	}

	private static String array(List<String> values) {
		StringBuilder literal = new StringBuilder("{");
		for (String value : values) {
			if (literal.length() > 1) {
				literal.append(',');
			}
			literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		return literal.append('}').toString();
	}

	private static ErasureRequest request(ResultSet rs, int row) throws SQLException {
		List<String> emails = strings(rs.getArray("emails"));
		List<String> customers = strings(rs.getArray("customer_ids"));
		List<String> accounts = strings(rs.getArray("account_ids"));
		List<String> users = strings(rs.getArray("analytics_user_ids"));
		DataSubject subject = (emails.isEmpty() && customers.isEmpty() && accounts.isEmpty() && users.isEmpty())
				? null : new DataSubject(emails, customers, accounts, users);
		Timestamp completed = rs.getTimestamp("completed_at");
		return new ErasureRequest(rs.getLong("id"), rs.getString("subject_hash"), subject,
				rs.getTimestamp("received_at").toInstant(), rs.getTimestamp("due_at").toInstant(),
				rs.getString("status"), rs.getString("channel"), rs.getString("requested_by"),
				(completed != null) ? completed.toInstant() : null);
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

}
