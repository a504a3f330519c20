package com.treasurybatch.launcher.webhooks;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The receiver's meters: {@code treasury.webhooks.deliveries} (counter; tags {@code provider=stripe},
 * {@code outcome}, {@code reason}) and {@code treasury.webhooks.delivery} (timer of the whole request handling;
 * tags {@code provider=stripe}, {@code outcome}). Registered once, up front, so that every outcome shows as 0
 * before it happens.
 */
final class DeliveryMetrics {

	static final String DELIVERIES = "treasury.webhooks.deliveries";

	static final String DELIVERY_TIMER = "treasury.webhooks.delivery";

	private final Map<DeliveryOutcome, Counter> counters = new EnumMap<>(DeliveryOutcome.class);

	private final Map<DeliveryOutcome, Timer> timers = new EnumMap<>(DeliveryOutcome.class);

	DeliveryMetrics(MeterRegistry registry) {
		for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
			this.counters.put(outcome, Counter.builder(DELIVERIES)
				.description("Stripe webhook deliveries by outcome")
				.tag("provider", "stripe")
				.tag("outcome", outcome.outcomeTag())
				.tag("reason", outcome.reasonTag())
				.register(registry));
			this.timers.put(outcome, Timer.builder(DELIVERY_TIMER)
				.description("Time to verify, stage and answer a Stripe webhook delivery")
				.tag("provider", "stripe")
				.tag("outcome", outcome.outcomeTag())
				.register(registry));
		}
	}

	/** Counts one delivery and records how long it took, in nanoseconds. */
	void record(DeliveryOutcome outcome, long elapsedNanos) {
		this.counters.get(outcome).increment();
		this.timers.get(outcome).record(elapsedNanos, TimeUnit.NANOSECONDS);
	}

}
