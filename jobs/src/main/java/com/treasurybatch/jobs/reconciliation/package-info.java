/** The {@code stripe-reconciliation} job: Stripe's balance transactions of a day against the ledger, and the ledger's own integrity. */
package com.treasurybatch.jobs.reconciliation;
