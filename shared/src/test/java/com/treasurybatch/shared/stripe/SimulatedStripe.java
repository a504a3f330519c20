package com.treasurybatch.shared.stripe;

import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.simulator.SimulatedAccount;
import com.treasurybatch.simulator.StripeSimulator;

/**
 * A simulator and a gateway pointed at it over real HTTP, for one test: fast retries (a few milliseconds) and a
 * throttle high enough not to matter unless a test sets its own.
 */
final class SimulatedStripe implements AutoCloseable {

	static final String PAYEE = "acct_1SimPayeeReady";

	static final Instant ACCOUNT_CREATED = Instant.parse("2026-01-15T10:00:00Z");

	final StripeSimulator simulator = StripeSimulator.start();

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final StripeGateway gateway;

	SimulatedStripe() {
		this(1000);
	}

	SimulatedStripe(double operationsPerSecond) {
		this.simulator.seedAccount(SimulatedAccount.active(PAYEE, ACCOUNT_CREATED));
		this.simulator.seedBalance("usd", 1_000_000, 0);
		StripeProperties properties = StripeProperties.of(StripeSimulator.API_KEY, this.simulator.apiBase())
			.withOperationsPerSecond(operationsPerSecond)
			.withRetries(8, 2, 20);
		this.gateway = HttpStripeGateway.create(properties, this.registry);
	}

	/** Calls to Stripe recorded in {@code treasury.stripe.calls} with this operation and outcome. */
	long calls(String operation, String outcome) {
		return this.registry.find("treasury.stripe.calls")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

	@Override
	public void close() {
		this.simulator.close();
	}

}
