package com.treasurybatch.shared.stripe;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which events to list (docs.stripe.com/api/events/list; Stripe keeps 30 days of events).
 *
 * @param account a connected account ({@code acct_...}) whose Connect events to list, or null for the platform's
 * @param createdFrom inclusive lower bound, {@code created[gte]} (UTC, whole seconds)
 * @param types up to 20 event types ({@code types[]}), empty for all
 * @param undeliveredOnly {@code delivery_success=false}: only events whose webhooks are pending or failed
 * @param pageSize items per request, 1..100
 * @param eventsMax most events returned; the oldest are kept
 */
public record EventQuery(String account, Instant createdFrom, List<String> types, boolean undeliveredOnly,
		int pageSize, int eventsMax) {

	/** Stripe's most {@code types[]} values in one request. */
	public static final int TYPES_MAX = 20;

	/** Events returned when not said otherwise. */
	public static final int EVENTS_MAX_DEFAULT = 10_000;

	/**
	 * Checks the bounds; copies the types.
	 * @throws IllegalArgumentException if more than 20 types, a page size outside 1..100 or eventsMax below 1
	 */
	public EventQuery {
		Objects.requireNonNull(createdFrom, "createdFrom");
		types = List.copyOf(types);
		if (types.size() > TYPES_MAX) {
			throw new IllegalArgumentException("Stripe filters on at most " + TYPES_MAX + " event types");
		}
		if (account != null) {
			StripeValues.id(account, "acct_");
		}
		StripeValues.pageSize(pageSize);
		if (eventsMax < 1) {
			throw new IllegalArgumentException("eventsMax must be positive, got " + eventsMax);
		}
	}

	/** The platform's events of these types created at or after {@code createdFrom}, delivered or not. */
	public static EventQuery since(Instant createdFrom, List<String> types) {
		return new EventQuery(null, createdFrom, types, false, 100, EVENTS_MAX_DEFAULT);
	}

	/** This query restricted to events whose webhooks were not delivered. */
	public EventQuery undelivered() {
		return new EventQuery(this.account, this.createdFrom, this.types, true, this.pageSize, this.eventsMax);
	}

	/** This query on a connected account's events instead. */
	public EventQuery onAccount(String account) {
		return new EventQuery(account, this.createdFrom, this.types, this.undeliveredOnly, this.pageSize,
				this.eventsMax);
	}

	/** This query with another page size and bound. */
	public EventQuery withLimits(int pageSize, int eventsMax) {
		return new EventQuery(this.account, this.createdFrom, this.types, this.undeliveredOnly, pageSize, eventsMax);
	}

}
