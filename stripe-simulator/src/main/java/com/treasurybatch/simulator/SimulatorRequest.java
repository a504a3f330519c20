package com.treasurybatch.simulator;

import java.time.Instant;

/**
 * One request the simulator received, faulted or not, for tests to assert on.
 *
 * @param receivedAt arrival time (system clock, UTC, nanosecond-precise where the platform allows)
 * @param method {@code GET} or {@code POST}
 * @param path e.g. {@code /v1/transfers}
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param account the {@code Stripe-Account} header, or null
 */
public record SimulatorRequest(Instant receivedAt, String method, String path, String idempotencyKey,
		String account) {
}
