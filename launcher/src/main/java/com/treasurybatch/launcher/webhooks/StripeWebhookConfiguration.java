package com.treasurybatch.launcher.webhooks;

import java.time.Clock;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.treasurybatch.launcher.system.TreasuryHome;
import com.treasurybatch.shared.inbox.WebhookInbox;

/**
 * Wires the receiver of the server: signing secrets, verifier, group-commit stager, metrics, and the start-up
 * line that says where to post and which secret signs. Only in the web server; a CLI run creates no secret.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class StripeWebhookConfiguration {

	/** The environment variable read when {@code treasury.webhooks.stripe.secret} is not set. */
	static final String SECRET_VARIABLE = "STRIPE_WEBHOOK_SECRET";

	private static final Logger logger = LoggerFactory.getLogger(StripeWebhookConfiguration.class);

	@Bean
	WebhookSecrets stripeWebhookSecrets(StripeWebhookProperties properties, Environment environment,
			TreasuryHome home) {
		if (properties.secret() != null && !properties.secret().isBlank()) {
			return WebhookSecrets.parse(properties.secret(), "treasury.webhooks.stripe.secret");
		}
		String variable = environment.getProperty(SECRET_VARIABLE);
		if (variable != null && !variable.isBlank()) {
			return WebhookSecrets.parse(variable, SECRET_VARIABLE);
		}
		String generated = WebhookSecretFile.readOrCreate(home);
		return new WebhookSecrets(java.util.List.of(generated), WebhookSecretFile.path(home).toString(), true);
	}

	@Bean
	StripeSignatureVerifier stripeSignatureVerifier(WebhookSecrets secrets, StripeWebhookProperties properties,
			Clock clock) {
		return new StripeSignatureVerifier(secrets.values(), properties.toleranceSeconds(), clock);
	}

	@Bean
	GroupCommitStager stripeWebhookStager(WebhookInbox inbox, StripeWebhookProperties properties,
			MeterRegistry registry) {
		return new GroupCommitStager(inbox, properties.stageBatchEventsMax(), properties.stageQueueEventsMax(),
				properties.stageWriterThreads(), properties.stageTimeoutSeconds(),
				DistributionSummary.builder("treasury.webhooks.inbox.batch")
					.description("Stripe webhook deliveries written to the inbox per statement")
					.baseUnit("events")
					.register(registry));
	}

	@Bean
	DeliveryMetrics stripeWebhookDeliveryMetrics(MeterRegistry registry) {
		return new DeliveryMetrics(registry);
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> stripeWebhookStartupLine(WebhookSecrets secrets) {
		return (event) -> {
			if (event.getApplicationContext().getServerNamespace() != null) {
				return;
			}
			String url = "http://localhost:" + event.getWebServer().getPort() + StripeWebhookController.PATH;
			if (secrets.generated()) {
				logger.info("Stripe webhooks: POST {} signed with generated secret {} (kept in {}; set {} to use "
						+ "your endpoint's secret)", url, secrets.values().get(0), secrets.origin(), SECRET_VARIABLE);
			}
			else {
				logger.info("Stripe webhooks: POST {} signed with {} secret(s) from {}", url, secrets.values().size(),
						secrets.origin());
			}
		};
	}

}
