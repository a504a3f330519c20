package com.treasurybatch.shared.alerts;

import java.util.Map;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;

/**
 * An operator acknowledging an alert, audited as {@code alert.ack} (OK, or REFUSED when the alert is unknown or
 * already acknowledged) in the transaction that records it. An acknowledged alert is not sent any more.
 */
public class AlertAcknowledgements {

	/** How an acknowledgement ended. */
	public enum Outcome {

		/** Acknowledged now. */
		ACKNOWLEDGED,

		/** Acknowledged before (by whoever the alert names). */
		ALREADY_ACKNOWLEDGED,

		/** No alert has this id. */
		UNKNOWN

	}

	private final Alerts alerts;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	/**
	 * @param alerts the alerts table
	 * @param audit the audit trail
	 * @param transactionManager the acknowledgement and its audit row commit together
	 */
	public AlertAcknowledgements(Alerts alerts, AuditLog audit, PlatformTransactionManager transactionManager) {
		this.alerts = alerts;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Acknowledges an alert.
	 * @param id the alert id
	 * @param actor who, through which channel (cli, api)
	 * @return what happened
	 */
	public Outcome acknowledge(long id, Actor actor) {
		return this.transaction.execute((status) -> {
			Outcome outcome;
			if (this.alerts.acknowledge(id, actor.name())) {
				outcome = Outcome.ACKNOWLEDGED;
			}
			else {
				outcome = (this.alerts.byId(id) == null) ? Outcome.UNKNOWN : Outcome.ALREADY_ACKNOWLEDGED;
			}
			this.audit.record(new AuditEvent(actor, "alert.ack", "alert:" + id, Map.of(),
					(outcome == Outcome.ACKNOWLEDGED) ? AuditOutcome.OK : AuditOutcome.REFUSED,
					switch (outcome) {
						case ACKNOWLEDGED -> "acknowledged";
						case ALREADY_ACKNOWLEDGED -> "already acknowledged";
						case UNKNOWN -> "no such alert";
					}));
			return outcome;
		});
	}

}
