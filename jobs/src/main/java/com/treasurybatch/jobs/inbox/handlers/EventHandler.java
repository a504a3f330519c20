package com.treasurybatch.jobs.inbox.handlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies one kind of Stripe event. Runs inside the event's own savepoint of the chunk transaction: everything it
 * writes commits with the inbox status change, or not at all. Must be idempotent: an event may be applied again
 * after a failure, and Stripe delivers events twice and out of order.
 */
public interface EventHandler {

	/**
	 * The event types this handler applies.
	 * @return e.g. {@code checkout.session.completed}
	 */
	Set<String> eventTypes();

	/**
	 * Applies an event.
	 * @param event the parsed event
	 * @return PROCESSED, or IGNORED when the event concerns nothing here
	 * @throws InapplicableEventException if the event cannot be applied as it is (marks the row FAILED)
	 * @throws org.springframework.dao.DataAccessException on database trouble (fails the step)
	 */
	HandlerOutcome handle(ParsedStripeEvent event);

	/**
	 * Applies consecutive events of this handler's types from one chunk, with the same result as {@link #handle}
	 * on each in their order. A handler that can write a run of events in a few statements (one per table instead
	 * of one per event) overrides it; the default applies them one by one.
	 * @param events events in inbox order, at least one
	 * @return one outcome per event, in their order
	 * @throws InapplicableEventException if one event cannot be applied (the chunk is then applied again event by
	 * event, so that only that one fails)
	 * @throws org.springframework.dao.DataAccessException on database trouble (fails the step)
	 */
	default List<HandlerOutcome> handleAll(List<ParsedStripeEvent> events) {
		List<HandlerOutcome> outcomes = new ArrayList<>(events.size());
		for (ParsedStripeEvent event : events) {
			outcomes.add(handle(event));
		}
		return outcomes;
	}

}
