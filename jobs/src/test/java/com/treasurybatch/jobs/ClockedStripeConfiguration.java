package com.treasurybatch.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.simulator.StripeSimulator;

/**
 * The Stripe simulator over HTTP on the tests' {@link MutableClock}, so that its objects and events are created on
 * the business dates a test sets, behind stripe-java's real client (3 attempts per call, fast retries). For the
 * reconciliation and backfill tests; a test class wanting its own simulator declares an empty nested subclass.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ClockedStripeConfiguration {

	@Bean(destroyMethod = "close")
	StripeSimulator stripeSimulator(MutableClock clock) {
		StripeSimulator simulator = StripeSimulator.start(0, clock);
		simulator.seedBalance("usd", 0, 0);
		return simulator;
	}

	@Bean
	StripeGateway stripeGateway(StripeSimulator simulator) {
		return HttpStripeGateway.create(StripeProperties.of(StripeSimulator.API_KEY, simulator.apiBase())
			.withOperationsPerSecond(1000)
			.withRetries(3, 2, 20), new SimpleMeterRegistry());
	}

}
