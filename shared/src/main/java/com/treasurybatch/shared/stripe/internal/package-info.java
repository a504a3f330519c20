/**
 * The Stripe gateway over stripe-java's {@code StripeClient}: one throttle per process (resilience4j), retries with
 * full-jitter back-off (Spring's {@code RetryTemplate}), Micrometer timings, and the mapping of Stripe's objects
 * and errors to this project's records and exceptions.
 */
package com.treasurybatch.shared.stripe.internal;
