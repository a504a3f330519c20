/** The {@code inbox-processing} job: applies staged Stripe webhook events to the ledger and domain tables. */
package com.treasurybatch.jobs.inbox;
