package com.treasurybatch.shared.inbox;

/** How an event reached the inbox; stored in {@code webhook_inbox.source}. */
public enum InboxSource {

	/** Delivered by Stripe to the webhook receiver. */
	WEBHOOK,

	/** Fetched from Stripe's {@code GET /v1/events} by the webhook-backfill job. */
	BACKFILL,

	/** Staged again by an operator ({@code inbox replay}). */
	REPLAY

}
