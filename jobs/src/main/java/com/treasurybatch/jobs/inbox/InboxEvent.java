package com.treasurybatch.jobs.inbox;

import java.time.Instant;

/**
 * One {@code webhook_inbox} row due for processing, locked by the chunk transaction that read it.
 *
 * @param id inbox row id
 * @param eventId Stripe event id, {@code evt_...}
 * @param type Stripe event type, e.g. {@code checkout.session.completed}
 * @param created Stripe's event creation time (UTC)
 * @param attempts failed attempts so far
 * @param payload the whole Stripe event as JSON text
 */
record InboxEvent(long id, String eventId, String type, Instant created, int attempts, String payload) {

}
