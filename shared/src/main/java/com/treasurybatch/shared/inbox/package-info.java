/**
 * The webhook inbox, owner of the {@code webhook_inbox} table end to end: Stripe events staged as received
 * (envelope and raw payload, unique by event id; {@link com.treasurybatch.shared.inbox.WebhookInbox}), read by the
 * one {@link com.treasurybatch.shared.inbox.EventEnvelopeParser}; claimed for processing
 * ({@link com.treasurybatch.shared.inbox.InboxClaims}); moved between
 * {@link com.treasurybatch.shared.inbox.InboxStatus}es ({@link com.treasurybatch.shared.inbox.InboxStatusUpdates},
 * {@code WebhookInbox.replay}); counted ({@code WebhookInbox.statistics}, {@code backlog}); and redacted, on
 * erasure and by the retention policy ({@link com.treasurybatch.shared.inbox.WebhookInboxPayloads}).
 */
package com.treasurybatch.shared.inbox;
