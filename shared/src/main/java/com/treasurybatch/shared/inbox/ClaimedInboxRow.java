package com.treasurybatch.shared.inbox;

import java.time.Instant;

/**
 * One {@code webhook_inbox} row due for processing, claimed by {@link InboxClaims#claimDue} and locked by the
 * transaction that claimed it.
 *
 * @param id inbox row id
 * @param eventId Stripe event id, {@code evt_...}
 * @param type Stripe event type, e.g. {@code checkout.session.completed}
 * @param created Stripe's event creation time (UTC)
 * @param attempts failed attempts so far
 * @param payload the whole Stripe event as JSON text
 */
public record ClaimedInboxRow(long id, String eventId, String type, Instant created, int attempts, String payload) {

}
