package com.treasurybatch.shared.alerts;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * People working an alert: assigning it ({@code alert.assign}) and resolving it with a note ({@code alert.resolve}),
 * each audited (OK, or REFUSED with the reason) in the transaction that records it. A resolved alert leaves the open
 * list, is sent no more, and a channel that paged it (PagerDuty) is told it is resolved.
 */
@Component
public class AlertWork {

	/** How an assignment or a resolution ended. */
	public enum Outcome {

		/** Done now. */
		DONE,

		/** The alert was resolved before. */
		ALREADY_RESOLVED,

		/** No alert has this id. */
		UNKNOWN

	}

	private final Alerts alerts;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param alerts the alerts table
	 * @param audit the audit trail
	 * @param transactionManager the change and its audit row commit together
	 */
	public AlertWork(Alerts alerts, AuditLog audit, PlatformTransactionManager transactionManager) {
		this.alerts = alerts;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Assigns an unresolved alert.
	 * @param id the alert id
	 * @param assignee who works it
	 * @param actor who assigns, through which channel
	 * @return what happened
	 * @throws IllegalArgumentException if the assignee is blank
	 */
	public Outcome assign(long id, String assignee, Actor actor) {
		if (assignee == null || assignee.isBlank()) {
			throw new IllegalArgumentException("assignee is required");
		}
		return this.transaction.execute((status) -> {
			Outcome outcome = this.alerts.assign(id, assignee) ? Outcome.DONE : refusal(id);
			this.audit.record(new AuditEvent(actor, "alert.assign", "alert:" + id, Map.of("assignee", assignee.strip()),
					(outcome == Outcome.DONE) ? AuditOutcome.OK : AuditOutcome.REFUSED, describe(outcome, "assigned")));
			return outcome;
		});
	}

	/**
	 * Resolves an alert with a note.
	 * @param id the alert id
	 * @param note why it is resolved
	 * @param actor who resolves, through which channel
	 * @return what happened
	 * @throws IllegalArgumentException if the note is blank
	 */
	public Outcome resolve(long id, String note, Actor actor) {
		if (note == null || note.isBlank()) {
			throw new IllegalArgumentException("note is required");
		}
		return this.transaction.execute((status) -> {
			Outcome outcome = this.alerts.resolve(id, actor.name(), note.strip()) ? Outcome.DONE : refusal(id);
			this.audit.record(new AuditEvent(actor, "alert.resolve", "alert:" + id, Map.of("note", note.strip()),
					(outcome == Outcome.DONE) ? AuditOutcome.OK : AuditOutcome.REFUSED, describe(outcome, "resolved")));
			return outcome;
		});
	}

	private Outcome refusal(long id) {
		return (this.alerts.byId(id) == null) ? Outcome.UNKNOWN : Outcome.ALREADY_RESOLVED;
	}

	private static String describe(Outcome outcome, String done) {
		return switch (outcome) {
			case DONE -> done;
			case ALREADY_RESOLVED -> "already resolved";
			case UNKNOWN -> "no such alert";
		};
	}

}
