/**
 * The {@code inbox-processing} job: applies staged Stripe webhook events to the ledger and domain tables. The job
 * configuration, reader, writer and retry policy live here; the event handlers in
 * {@link com.treasurybatch.jobs.inbox.handlers}; every statement on {@code webhook_inbox} in
 * {@link com.treasurybatch.shared.inbox}.
 */
package com.treasurybatch.jobs.inbox;
