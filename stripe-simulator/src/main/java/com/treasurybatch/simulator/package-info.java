/**
 * A local Stripe: an in-process HTTP server on a loopback port speaking the part of Stripe's API the jobs use,
 * with Stripe's JSON shapes, idempotency, errors, events and signed webhooks, plus fault injection (latency, 429,
 * 5xx, failure after commit). The launcher's embedded default and every module's tests use it; no Spring here.
 */
package com.treasurybatch.simulator;
