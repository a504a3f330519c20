package com.treasurybatch.launcher.operations;

import java.util.Map;

import org.springframework.stereotype.Service;

import com.treasurybatch.shared.audit.Actor;
import com.treasurybatch.shared.audit.AuditEvent;
import com.treasurybatch.shared.audit.AuditLog;
import com.treasurybatch.shared.audit.AuditOutcome;
import com.treasurybatch.shared.inbox.InboxStatus;
import com.treasurybatch.shared.inbox.WebhookInbox;

/** Replays a staged webhook event on an operator's request, audited as {@code inbox.replay}. */
@Service
public class InboxReplays {

	private final WebhookInbox inbox;

	private final AuditLog audit;

	InboxReplays(WebhookInbox inbox, AuditLog audit) {
		this.inbox = inbox;
		this.audit = audit;
	}

	/**
	 * Marks the event RECEIVED again and records it (a refusal is recorded too).
	 * @return the status the event had before
	 * @throws OperationRefusedException ({@link Refusal#NO_SUCH_EVENT}) if no such event is staged
	 */
	public InboxStatus replay(String eventId, Actor actor) {
		InboxStatus before = this.inbox.replay(eventId).orElse(null);
		if (before == null) {
			this.audit.record(new AuditEvent(actor, "inbox.replay", eventId, Map.of(), AuditOutcome.REFUSED,
					"no staged event " + eventId));
			throw new OperationRefusedException(Refusal.NO_SUCH_EVENT, "no staged event with id " + eventId);
		}
		this.audit.record(new AuditEvent(actor, "inbox.replay", eventId, Map.of(), AuditOutcome.OK,
				"was " + before + ", now " + InboxStatus.RECEIVED));
		return before;
	}

}
