package com.treasurybatch.launcher.stripe;

import java.net.URI;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import com.treasurybatch.launcher.webhooks.WebhookSecrets;
import com.treasurybatch.shared.stripe.StripeGateway;
import com.treasurybatch.shared.stripe.StripeProperties;
import com.treasurybatch.shared.stripe.internal.HttpStripeGateway;
import com.treasurybatch.simulator.StripeSimulator;

/**
 * The {@link StripeGateway} of this process, one per process so that its throttle is the process's. With
 * {@code treasury.stripe.api-key} ({@code STRIPE_API_KEY}) it talks to Stripe (or {@code treasury.stripe.api-base});
 * without, it starts the local {@link StripeSimulator} on a loopback port ({@code treasury.stripe.simulator.port},
 * 0 for a free one) and talks to that, through the same HTTP client, throttle and retries.
 */
@Configuration(proxyBeanMethods = false)
class StripeGatewayConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StripeGatewayConfiguration.class);

	private static final String RECEIVER_PATH = "/webhooks/stripe";

	@Bean(destroyMethod = "close")
	@Conditional(NoApiKey.class)
	StripeSimulator stripeSimulator(Environment environment) {
		int port = environment.getProperty("treasury.stripe.simulator.port", Integer.class, 0);
		StripeSimulator simulator = StripeSimulator.start(port, java.time.Clock.systemUTC());
		logger.info("No STRIPE_API_KEY: local Stripe simulator on {} (test mode, in memory)", simulator.apiBase());
		return simulator;
	}

	@Bean
	StripeGateway stripeGateway(StripeProperties properties, ObjectProvider<StripeSimulator> simulator,
			ObjectProvider<MeterRegistry> registry) {
		StripeSimulator local = simulator.getIfAvailable();
		StripeProperties effective = (local != null) ? properties.withEndpoint(StripeSimulator.API_KEY, local.apiBase())
				: properties;
		logger.info("Stripe gateway: {} at {} operations/s", (local != null) ? "simulator" : "Stripe",
				effective.effectiveOperationsPerSecond());
		return HttpStripeGateway.create(effective, registry.getIfAvailable(SimpleMeterRegistry::new));
	}

	/** In the server, the simulator posts its events, signed, to this server's own receiver. */
	@Bean
	@ConditionalOnWebApplication
	ApplicationListener<WebServerInitializedEvent> stripeSimulatorWebhooks(ObjectProvider<StripeSimulator> simulator,
			WebhookSecrets secrets) {
		return (event) -> {
			StripeSimulator local = simulator.getIfAvailable();
			if (local == null || event.getApplicationContext().getServerNamespace() != null) {
				return;
			}
			URI receiver = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + RECEIVER_PATH);
			local.deliverWebhooksTo(receiver, secrets.values().get(0));
			logger.info("Stripe simulator posts its events to {}", receiver);
		};
	}

	static class NoApiKey implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String key = context.getEnvironment().getProperty("treasury.stripe.api-key");
			return key == null || key.isBlank();
		}

	}

}
