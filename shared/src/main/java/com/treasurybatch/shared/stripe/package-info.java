/**
 * What the jobs ask of Stripe ({@link com.treasurybatch.shared.stripe.StripeGateway}): transfers, reversals and
 * payouts keyed by deterministic idempotency keys, accounts, balance, balance transactions and events, with
 * errors that say whether a retry can help.
 */
package com.treasurybatch.shared.stripe;
