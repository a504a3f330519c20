package com.treasurybatch.shared.stripe;

import java.time.Instant;

/**
 * An event as listed by Stripe, with its JSON as sent, for the inbox (docs.stripe.com/api/events/object).
 *
 * @param id {@code evt_...}
 * @param type e.g. {@code transfer.created}
 * @param created creation time (UTC, whole seconds)
 * @param account the connected account of a Connect event, or null
 * @param apiVersion the API version it is rendered in, or null
 * @param json the event object's JSON, as Stripe rendered it
 */
public record StripeEvent(String id, String type, Instant created, String account, String apiVersion, String json) {
}
