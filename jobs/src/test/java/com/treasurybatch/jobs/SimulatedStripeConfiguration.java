package com.treasurybatch.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.shared.stripe.simulator.StripeSimulator;

/**
 * The Stripe simulator over HTTP, with a platform balance of 10,000,000.00 USD, behind stripe-java's real client
 * (fast retries, 1000 operations/s). Import it in a job test that moves money.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SimulatedStripeConfiguration {

	@Bean(destroyMethod = "close")
	StripeSimulator stripeSimulator() {
		StripeSimulator simulator = StripeSimulator.start();
		simulator.seedBalance("usd", 1_000_000_000L, 0);
		return simulator;
	}

	@Bean
	StripeGateway stripeGateway(StripeSimulator simulator) {
		return HttpStripeGateway.create(StripeProperties.of(StripeSimulator.API_KEY, simulator.apiBase())
			.withOperationsPerSecond(1000)
			.withRetries(8, 2, 20), new SimpleMeterRegistry());
	}

}
