package com.treasurybatch.shared.stripe;

import java.util.List;

/**
 * Events in created order, oldest first.
 *
 * @param events at most the query's {@code eventsMax}
 * @param complete false when more events matched than returned: list again from the last one's created time
 */
public record EventList(List<StripeEvent> events, boolean complete) {

	/** Copies the list. */
	public EventList {
		events = List.copyOf(events);
	}

}
