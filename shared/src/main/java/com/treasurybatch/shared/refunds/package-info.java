/**
 * Refunds the desk issues: operators' refunds and buyers' refund requests ({@code refund_requests}), sent to Stripe
 * with an idempotency key derived from the request's id. The ledger books a refund when Stripe's
 * {@code refund.created} arrives (inbox handlers), never from here.
 */
package com.treasurybatch.shared.refunds;
