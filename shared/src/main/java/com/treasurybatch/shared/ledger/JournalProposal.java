package com.treasurybatch.shared.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A manual journal proposed by one user for another to approve ({@code journal_proposals}).
 *
 * @param id proposal id
 * @param status {@code PROPOSED}, {@code APPROVED} or {@code REJECTED}
 * @param description for people; ids and amounts only
 * @param reason why the correction is needed (required)
 * @param reversesJournalId the posted journal a proposed reversal mirrors, or null
 * @param suspenseSale the sale (its journal's source, e.g. {@code pi_...}) whose suspense money it moves, or null
 * @param proposedBy who proposed it
 * @param proposedAt when (UTC)
 * @param decidedBy who approved or rejected it, or null
 * @param decidedAt when (UTC), or null
 * @param decisionNote the rejection's or approval's note, or null
 * @param journalId the posted journal once APPROVED, else null
 * @param lines the postings, amounts in minor units
 */
public record JournalProposal(long id, String status, String description, String reason, Long reversesJournalId,
		String suspenseSale, String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
		String decisionNote, Long journalId, List<JournalLine> lines) {

	/** Not decided yet. */
	public static final String PROPOSED = "PROPOSED";

	/** Posted. */
	public static final String APPROVED = "APPROVED";

	/** Closed without posting. */
	public static final String REJECTED = "REJECTED";

}
