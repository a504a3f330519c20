package com.treasurybatch.shared.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The proposals of manual journals ({@code journal_proposals}, {@code journal_proposal_lines}); nothing here touches
 * a balance. The database refuses a decision by the proposer ({@code journal_proposals_four_eyes}) and an APPROVED
 * row without its journal. Joins the caller's transaction.
 */
@Repository
public class JournalProposals {

	private static final String SELECT = """
			SELECT id, status, description, reason, reverses_journal_id, suspense_sale, proposed_by, proposed_at,
			    decided_by, decided_at, decision_note, journal_id FROM journal_proposals""";

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc database access
	 */
	public JournalProposals(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a proposal as PROPOSED.
	 * @return its id
	 */
	long insert(String description, String reason, Long reversesJournalId, String suspenseSale, String proposedBy,
			Instant at, List<JournalLine> lines) {
		Long id = this.jdbc.queryForObject("""
				INSERT INTO journal_proposals (description, reason, reverses_journal_id, suspense_sale, proposed_by,
				    proposed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", Long.class, description, reason,
				reversesJournalId, suspenseSale, proposedBy, Timestamp.from(at));
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			JournalLine line = lines.get(i);
			rows.add(new Object[] { id, i + 1, line.accountCode(), line.side().code(), line.amountCents(),
					line.currency() });
		}
		this.jdbc.batchUpdate("""
				INSERT INTO journal_proposal_lines (proposal_id, line_no, account_code, side, amount, currency)
				VALUES (?, ?, ?, ?, ?, ?)""", rows);
		return id;
	}

	/** Marks a PROPOSED row decided; false if it is no longer PROPOSED. */
	boolean decide(long id, String status, String decidedBy, Instant at, String note, Long journalId) {
		return this.jdbc.update("""
				UPDATE journal_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?,
				    journal_id = ?
				WHERE id = ? AND status = 'PROPOSED'""", status, decidedBy, Timestamp.from(at), note, journalId,
				id) == 1;
	}

	/**
	 * One proposal, locked for a decision.
	 * @param id proposal id
	 * @return it, or empty
	 */
	Optional<JournalProposal> findForUpdate(long id) {
		return this.jdbc.query(SELECT + " WHERE id = ? FOR UPDATE", this::proposal, id).stream().findFirst();
	}

	/**
	 * One proposal.
	 * @param id proposal id
	 * @return it, or empty
	 */
	public Optional<JournalProposal> find(long id) {
		return this.jdbc.query(SELECT + " WHERE id = ?", this::proposal, id).stream().findFirst();
	}

	/**
	 * Proposals, newest first.
	 * @param status one status, or null for all
	 * @param beforeId only ids below this (keyset paging), or null
	 * @param limit 1 to 1000
	 * @return up to {@code limit} proposals
	 */
	public List<JournalProposal> list(String status, Long beforeId, int limit) {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
		}
		return this.jdbc.query(SELECT + """
				 WHERE (?::text IS NULL OR status = ?::text) AND (?::bigint IS NULL OR id < ?::bigint)
				ORDER BY id DESC LIMIT ?""", this::proposal, status, status, beforeId, beforeId, limit);
	}

	private JournalProposal proposal(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		List<JournalLine> lines = this.jdbc.query("""
				SELECT account_code, side, amount, currency FROM journal_proposal_lines WHERE proposal_id = ?
				ORDER BY line_no""", (r, n) -> new JournalLine(r.getString(1), Side.fromCode(r.getString(2)),
				r.getLong(3), r.getString(4).trim()), id);
		return new JournalProposal(id, rs.getString("status"), rs.getString("description"), rs.getString("reason"),
				(Long) rs.getObject("reverses_journal_id"), rs.getString("suspense_sale"), rs.getString("proposed_by"),
				rs.getTimestamp("proposed_at").toInstant(), rs.getString("decided_by"),
				instant(rs.getTimestamp("decided_at")), rs.getString("decision_note"),
				(Long) rs.getObject("journal_id"), lines);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
