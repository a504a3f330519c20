package com.treasurybatch.shared.inbox;

/**
 * An event to stage: its envelope and its whole payload.
 *
 * @param envelope the envelope read from {@code payload} by {@link EventEnvelopeParser}
 * @param payload the whole event, JSON text as received
 */
public record InboxEvent(EventEnvelope envelope, String payload) {

}
