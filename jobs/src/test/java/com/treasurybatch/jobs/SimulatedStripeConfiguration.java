package com.treasurybatch.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.simulator.StripeSimulator;

/**
 * The Stripe simulator over HTTP, with a platform balance of {@value #PLATFORM_BALANCE_CENTS} cents in USD, behind
 * stripe-java's real client (fast retries, 1000 operations/s; attempts per call from
 * {@code test.stripe.retry-attempts-max}, default 8). Import it in a job test that moves money; a test class that
 * needs a context (and so a database and a simulator) of its own declares an empty nested subclass.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SimulatedStripeConfiguration {

	/** The simulated platform balance, in cents. */
	public static final long PLATFORM_BALANCE_CENTS = 1_000_000_000L;

	@Bean(destroyMethod = "close")
	StripeSimulator stripeSimulator() {
		StripeSimulator simulator = StripeSimulator.start();
		simulator.seedBalance("usd", PLATFORM_BALANCE_CENTS, 0);
		return simulator;
	}

	@Bean
	StripeGateway stripeGateway(StripeSimulator simulator,
			@Value("${test.stripe.retry-attempts-max:8}") int retryAttemptsMax) {
		return HttpStripeGateway.create(StripeProperties.of(StripeSimulator.API_KEY, simulator.apiBase())
			.withOperationsPerSecond(1000)
			.withRetries(retryAttemptsMax, 2, 20), new SimpleMeterRegistry());
	}

}
