package com.treasurybatch.shared.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One stored row of the audit trail.
 *
 * @param id position in the trail; increases with every row
 * @param occurredAt when the action happened (UTC)
 * @param actor who asked
 * @param channel how the request arrived ({@code cli, api, schedule, system, console})
 * @param action dotted verb, e.g. {@code job.restart}
 * @param target what the action was on
 * @param parameters what the actor asked for
 * @param outcome {@code ok, refused} or {@code error}
 * @param detail plain-language result or reason, or {@code null}
 */
public record AuditEntry(long id, Instant occurredAt, String actor, String channel, String action, String target,
		Map<String, Object> parameters, String outcome, String detail) {

}
