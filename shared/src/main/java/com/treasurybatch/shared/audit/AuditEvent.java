package com.treasurybatch.shared.audit;

import java.util.Map;
import java.util.Objects;

/**
 * One action to append to the audit trail.
 *
 * @param actor who asked, and through which channel
 * @param action dotted lower-case verb, e.g. {@code job.start}, {@code job.abandon}
 * @param target what the action was on, e.g. a job name or an execution id
 * @param parameters what the actor asked for, as given (stored as a JSON object); values
 * must be JSON-writable
 * @param outcome how it ended
 * @param detail plain-language result or reason, may be {@code null}; longer than
 * {@link AuditLog#DETAIL_LENGTH_MAX} characters is cut
 */
public record AuditEvent(Actor actor, String action, String target, Map<String, ?> parameters, AuditOutcome outcome,
		String detail) {

	/** Checks the required parts and copies the parameters. */
	public AuditEvent {
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(outcome, "outcome");
		parameters = (parameters != null) ? Map.copyOf(parameters) : Map.of();
	}

}
