/**
 * The {@code inbox-processing} job's event handlers, one {@link com.treasurybatch.jobs.inbox.handlers.EventHandler}
 * per kind of Stripe event, and the helpers only they use. Public: what the job's writer calls
 * ({@code EventHandler}, {@code EventHandlers}, {@code HandlerOutcome}, {@code ParsedStripeEvent},
 * {@code InapplicableEventException}); the rest is package-private.
 */
package com.treasurybatch.jobs.inbox.handlers;
