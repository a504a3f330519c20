/**
 * A local Stripe: an in-process HTTP server on a loopback port speaking the part of Stripe's API the jobs use,
 * with Stripe's objects (copies of Stripe's own example objects, {@code stripe-objects.json}), idempotency, errors,
 * events and signed webhooks, the money flows Stripe records (Checkout, subscriptions, delayed payments, refunds,
 * disputes, settlement in another currency), plus fault injection (latency, 429, 5xx, failure after commit). Test
 * and demo infrastructure: the launcher's embedded default and the tests of {@code shared} and {@code jobs} use it;
 * it depends on the JDK and Jackson only, nothing of this project, and has no Spring.
 */
package com.treasurybatch.simulator;
