package com.treasurybatch.shared.inbox;

import java.time.Instant;

/**
 * A {@code FAILED} inbox row as operators read it: what failed, how often, why, and when it is tried again.
 *
 * @param eventId the Stripe event id {@code evt_...}
 * @param type the event type, e.g. {@code charge.refunded}
 * @param created Stripe's {@code created} of the event (UTC); docs.stripe.com/api/events/object
 * @param attempts failed processing attempts so far
 * @param nextAttemptAt when inbox-processing tries again (UTC), or {@code null} once it gave up
 * @param lastError why the last attempt failed, or {@code null}
 */
public record FailedInboxEvent(String eventId, String type, Instant created, int attempts, Instant nextAttemptAt,
		String lastError) {

}
