package com.treasurybatch.shared.disputes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.alerts.Alerts;
import com.treasurybatch.shared.alerts.Severity;
import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.ledger.JournalLine;
import com.treasurybatch.shared.ledger.Ledger;
import com.treasurybatch.shared.ledger.LedgerAccounts;
import com.treasurybatch.shared.ledger.Side;

/**
 * Disputes for the API and the CLI: the list with each dispute's sale, payees and reserve held, notes (audited as
 * {@code dispute.note}), and the evidence deadline alerts: WARNING {@value #WARNING_KIND} 72 hours and CRITICAL
 * {@value #CRITICAL_KIND} 24 hours before {@code evidence_details.due_by} while the dispute still needs a response
 * (docs.stripe.com/disputes/responding), each once per dispute (dedup keys {@code dispute_evidence_due:72h:<du>}
 * and {@code dispute_evidence_due:24h:<du>}).
 */
@Service
public class DisputeDesk {

	/** Alert kind 72 hours before the deadline. */
	public static final String WARNING_KIND = "dispute_evidence_due";

	/** Alert kind 24 hours before the deadline. */
	public static final String CRITICAL_KIND = "dispute_evidence_due_soon";

	/** How long before the deadline the WARNING fires. */
	public static final Duration WARNING_BEFORE = Duration.ofHours(72);

	/** How long before the deadline the CRITICAL fires. */
	public static final Duration CRITICAL_BEFORE = Duration.ofHours(24);

	private static final String RESERVE_KIND = "dispute_reserve";

	private static final String LOSS_KIND = "dispute_loss";

	private final Disputes disputes;

	private final Ledger ledger;

	private final Alerts alerts;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * @param disputes the disputes
	 * @param ledger the reserve journals
	 * @param alerts where deadline alerts go
	 * @param audit the audit trail
	 * @param transactionManager a note and its audit row commit together
	 * @param clock UTC clock: now, for the deadlines
	 */
	public DisputeDesk(Disputes disputes, Ledger ledger, Alerts alerts, AuditLog audit,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.disputes = disputes;
		this.ledger = ledger;
		this.alerts = alerts;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Disputes with their sale, payees and reserve.
	 * @param status Stripe's status, or null for all
	 * @param limit 1 to {@link Disputes#LIST_MAX}
	 * @return nearest deadline first
	 */
	public List<DisputeView> list(String status, int limit) {
		return this.disputes.list(status, limit).stream().map(this::view).toList();
	}

	/**
	 * One dispute.
	 * @param disputeId {@code du_...}
	 * @return the view
	 * @throws java.util.NoSuchElementException if there is no such dispute
	 */
	public DisputeView show(String disputeId) {
		return this.disputes.find(disputeId)
			.map(this::view)
			.orElseThrow(() -> new java.util.NoSuchElementException("no dispute " + disputeId));
	}

	/**
	 * Adds an operator's note, audited.
	 * @param disputeId {@code du_...}
	 * @param note 1 to 4000 characters
	 * @param actor who wrote it
	 * @return the note
	 * @throws IllegalArgumentException if the note is blank or too long
	 * @throws java.util.NoSuchElementException if there is no such dispute
	 */
	public DisputeNote note(String disputeId, String note, Actor actor) {
		if (note == null || note.isBlank() || note.length() > 4000) {
			throw new IllegalArgumentException("note must be 1 to 4000 characters");
		}
		return this.transaction.execute((status) -> {
			if (this.disputes.find(disputeId).isEmpty()) {
				this.audit.record(new AuditEvent(actor, "dispute.note", "dispute:" + disputeId, Map.of("note", note),
						AuditOutcome.REFUSED, "no such dispute"));
				throw new java.util.NoSuchElementException("no dispute " + disputeId);
			}
			DisputeNote added = this.disputes.addNote(disputeId, actor.name(), note);
			this.audit.record(new AuditEvent(actor, "dispute.note", "dispute:" + disputeId, Map.of("note", note),
					AuditOutcome.OK, "note " + added.id()));
			return added;
		});
	}

	/**
	 * Raises the deadline alerts due now, each once.
	 * @return how many alerts were raised by this call
	 */
	public int raiseDeadlineAlerts() {
		Instant now = this.clock.instant();
		int raised = 0;
		for (DisputeRecord dispute : this.disputes.needingResponseDueBy(now.plus(WARNING_BEFORE))) {
			String hours = Duration.between(now, dispute.evidenceDueBy()).toHours() + " h";
			String text = "Dispute " + dispute.disputeId() + " of " + dispute.amountCents() + " " + dispute.currency()
					+ " (" + dispute.reason() + ", sale " + dispute.saleKey() + ") is " + dispute.status()
					+ ": evidence due by " + dispute.evidenceDueBy() + " (in " + hours
					+ "); submit it in the Stripe Dashboard";
			if (this.alerts.raise(Severity.WARNING, WARNING_KIND, dispute.disputeId(), text,
					WARNING_KIND + ":72h:" + dispute.disputeId())) {
				raised++;
			}
			if (!dispute.evidenceDueBy().isAfter(now.plus(CRITICAL_BEFORE)) && this.alerts.raise(Severity.CRITICAL,
					CRITICAL_KIND, dispute.disputeId(), text, WARNING_KIND + ":24h:" + dispute.disputeId())) {
				raised++;
			}
		}
		return raised;
	}

	private DisputeView view(DisputeRecord dispute) {
		List<DisputeView.Payee> payees = new ArrayList<>();
		long held = 0;
		OptionalLong reserve = this.ledger.journalId(dispute.disputeId(), RESERVE_KIND);
		if (reserve.isPresent()) {
			for (JournalLine line : this.ledger.lines(reserve.getAsLong())) {
				if (line.side() == Side.DEBIT) {
					payees.add(new DisputeView.Payee(line.accountCode(), line.amountCents()));
				}
			}
			held += reserveNet(reserve.getAsLong());
			OptionalLong reversal = this.ledger.journalId("journal:" + reserve.getAsLong(), Ledger.REVERSAL_KIND);
			if (reversal.isPresent()) {
				held += reserveNet(reversal.getAsLong());
			}
		}
		OptionalLong loss = this.ledger.journalId(dispute.disputeId(), LOSS_KIND);
		if (loss.isPresent()) {
			held += reserveNet(loss.getAsLong());
		}
		return new DisputeView(dispute, payees, held, this.disputes.notes(dispute.disputeId()));
	}

	/** Credits minus debits of {@code platform:dispute_reserve} in one journal. */
	private long reserveNet(long journalId) {
		long net = 0;
		for (JournalLine line : this.ledger.lines(journalId)) {
			if (line.accountCode().equals(LedgerAccounts.PLATFORM_DISPUTE_RESERVE)) {
				net += (line.side() == Side.CREDIT) ? line.amountCents() : -line.amountCents();
			}
		}
		return net;
	}

}
