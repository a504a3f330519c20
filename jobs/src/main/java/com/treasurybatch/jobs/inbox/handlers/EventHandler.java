package com.treasurybatch.jobs.inbox.handlers;

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

}
