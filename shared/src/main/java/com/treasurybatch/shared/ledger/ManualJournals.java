package com.treasurybatch.shared.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * Manual journals with four eyes: one user proposes (nothing is posted), another approves (posted as kind
 * {@value #KIND}, source {@code manual:<proposal id>}; a proposed reversal is posted as the ledger's
 * {@link Ledger#reverse reversal} of its journal) or rejects. The proposer can never decide their own proposal.
 * Every proposal, approval, rejection and refusal is one audit row ({@code journal.propose},
 * {@code journal.propose_reversal}, {@code journal.approve}, {@code journal.reject}; target
 * {@code journal_proposal:<id>}); a decision and its audit row commit together. Who may propose or approve (roles)
 * is the API's and the CLI's rule, not this class's.
 */
@Service
public class ManualJournals {

	/** Kind of a posted manual journal. */
	public static final String KIND = "manual";

	private final JournalProposals proposals;

	private final Ledger ledger;

	private final AuditLog audit;

	private final Clock clock;

	private final TransactionTemplate transaction;

	/**
	 * @param proposals the proposals
	 * @param ledger posts approved ones
	 * @param audit the audit trail
	 * @param clock UTC
	 * @param transactionManager each operation and its audit row commit together
	 */
	public ManualJournals(JournalProposals proposals, Ledger ledger, AuditLog audit, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.proposals = proposals;
		this.ledger = ledger;
		this.audit = audit;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Proposes a manual journal.
	 * @param description for people; ids and amounts only
	 * @param reason why (required)
	 * @param lines two or more postings that balance per currency, accounts of the chart of accounts
	 * @param suspenseSale the sale whose suspense money it moves to payees ({@code pi_...}, {@code in_...}), or null
	 * @param actor the proposer
	 * @return the PROPOSED proposal
	 * @throws ManualJournalRefusedException (INVALID) if a part is missing or the lines do not balance
	 */
	public JournalProposal propose(String description, String reason, List<JournalLine> lines, String suspenseSale,
			Actor actor) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("description", String.valueOf(description));
		parameters.put("lines", (lines != null) ? lines.size() : 0);
		return audited(actor, "journal.propose", null, parameters, () -> {
			validate(description, reason, lines);
			long id = this.proposals.insert(description, reason, null, suspenseSale, actor.name(),
					this.clock.instant(), lines);
			return this.proposals.find(id).orElseThrow();
		});
	}

	/**
	 * Proposes the reversal of a posted journal: its lines mirrored.
	 * @param journalId the posted journal
	 * @param reason why (required)
	 * @param actor the proposer
	 * @return the PROPOSED proposal
	 * @throws ManualJournalRefusedException NOT_FOUND without such a journal, INVALID without a reason
	 */
	public JournalProposal proposeReversal(long journalId, String reason, Actor actor) {
		return audited(actor, "journal.propose_reversal", null, Map.of("journal", journalId), () -> {
			List<JournalLine> lines = this.ledger.lines(journalId);
			if (lines.isEmpty()) {
				throw new ManualJournalRefusedException(ManualJournalRefusedException.Kind.NOT_FOUND,
						"no journal with id " + journalId);
			}
			List<JournalLine> mirrored = lines.stream().map(JournalLine::mirrored).toList();
			String description = "reversal of journal " + journalId;
			validate(description, reason, mirrored);
			long id = this.proposals.insert(description, reason, journalId, null, actor.name(), this.clock.instant(),
					mirrored);
			return this.proposals.find(id).orElseThrow();
		});
	}

	/**
	 * Approves and posts a proposal.
	 * @param id proposal id
	 * @param actor the approver, not the proposer
	 * @return the APPROVED proposal with its journal id
	 * @throws ManualJournalRefusedException NOT_FOUND; CONFLICT if the approver proposed it, it is decided
	 * already, or the journal it reverses was reversed meanwhile
	 */
	public JournalProposal approve(long id, Actor actor) {
		return audited(actor, "journal.approve", id, Map.of(), () -> {
			JournalProposal proposal = open(id, actor, "approve");
			Instant now = this.clock.instant();
			OptionalLong posted = (proposal.reversesJournalId() != null)
					? this.ledger.reverse(proposal.reversesJournalId(),
							"reversal of journal " + proposal.reversesJournalId() + " (proposal " + id + ")", now)
					: this.ledger.post(new JournalEntry(KIND, "manual:" + id, proposal.description(), now,
							proposal.lines(), null));
			if (posted.isEmpty()) {
				throw new ManualJournalRefusedException(ManualJournalRefusedException.Kind.CONFLICT,
						"journal " + proposal.reversesJournalId() + " is reversed already");
			}
			this.proposals.decide(id, JournalProposal.APPROVED, actor.name(), now, null, posted.getAsLong());
			return this.proposals.find(id).orElseThrow();
		});
	}

	/**
	 * Rejects a proposal: closed, nothing posted.
	 * @param id proposal id
	 * @param note why (optional)
	 * @param actor the reviewer, not the proposer
	 * @return the REJECTED proposal
	 * @throws ManualJournalRefusedException NOT_FOUND; CONFLICT if the reviewer proposed it or it is decided
	 */
	public JournalProposal reject(long id, String note, Actor actor) {
		return audited(actor, "journal.reject", id, (note != null) ? Map.of("note", note) : Map.of(), () -> {
			open(id, actor, "reject");
			this.proposals.decide(id, JournalProposal.REJECTED, actor.name(), this.clock.instant(), note, null);
			return this.proposals.find(id).orElseThrow();
		});
	}

	private JournalProposal open(long id, Actor actor, String verb) {
		JournalProposal proposal = this.proposals.findForUpdate(id)
			.orElseThrow(() -> new ManualJournalRefusedException(ManualJournalRefusedException.Kind.NOT_FOUND,
					"no journal proposal with id " + id));
		if (!JournalProposal.PROPOSED.equals(proposal.status())) {
			throw new ManualJournalRefusedException(ManualJournalRefusedException.Kind.CONFLICT,
					"journal proposal " + id + " is " + proposal.status() + ", not PROPOSED");
		}
		if (proposal.proposedBy().equals(actor.name())) {
			throw new ManualJournalRefusedException(ManualJournalRefusedException.Kind.CONFLICT,
					actor.name() + " proposed journal proposal " + id + " and cannot " + verb
							+ " it: another user must (four eyes)");
		}
		return proposal;
	}

	private static void validate(String description, String reason, List<JournalLine> lines) {
		if (description == null || description.isBlank()) {
			throw invalid("a description is required");
		}
		if (reason == null || reason.isBlank()) {
			throw invalid("a reason is required");
		}
		if (lines == null || lines.size() < 2) {
			throw invalid("two or more postings are required");
		}
		try {
			new JournalEntry(KIND, "manual:proposal", description, Instant.EPOCH, lines, null);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(ex.getMessage());
		}
	}

	private static ManualJournalRefusedException invalid(String message) {
		return new ManualJournalRefusedException(ManualJournalRefusedException.Kind.INVALID, message);
	}

	private JournalProposal audited(Actor actor, String action, Long id, Map<String, ?> parameters,
			Supplier<JournalProposal> work) {
		try {
			return this.transaction.execute((status) -> {
				JournalProposal done = work.get();
				Map<String, Object> recorded = new LinkedHashMap<>(parameters);
				recorded.put("status", done.status());
				if (done.journalId() != null) {
					recorded.put("journal_id", done.journalId());
				}
				recorded.put("lines", done.lines()
					.stream()
					.map((l) -> l.side().code() + " " + l.accountCode() + " " + l.amountCents() + " " + l.currency())
					.toList());
				this.audit.record(new AuditEvent(actor, action, "journal_proposal:" + done.id(), recorded,
						AuditOutcome.OK, done.description() + " (reason: " + done.reason() + ")"));
				return done;
			});
		}
		catch (ManualJournalRefusedException ex) {
			this.transaction.executeWithoutResult((status) -> this.audit.record(new AuditEvent(actor, action,
					"journal_proposal:" + ((id != null) ? id : "new"), parameters, AuditOutcome.REFUSED,
					ex.getMessage())));
			throw ex;
		}
	}

}
