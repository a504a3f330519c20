/**
 * Payouts to payees: the {@code payouts} rows that the payout jobs write and Stripe's transfer and payout events
 * move through their state machine ({@code schema/V7__payouts.sql}), and the conventions that tie a Stripe object
 * back to its row.
 */
package com.treasurybatch.shared.payouts;
