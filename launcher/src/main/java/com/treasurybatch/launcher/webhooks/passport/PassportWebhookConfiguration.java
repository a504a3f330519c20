package com.treasurybatch.launcher.webhooks.passport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.treasurybatch.launcher.system.TreasuryHome;
import com.treasurybatch.launcher.webhooks.StripeSignatureVerifier;
import com.treasurybatch.launcher.webhooks.WebhookSecretFile;
import com.treasurybatch.launcher.webhooks.WebhookSecrets;
import com.treasurybatch.shared.secrets.SharedKeys;

/**
 * Wires the Passport receiver: its signing secrets (property, else {@value #SECRET_VARIABLE}, else generated once
 * into {@code TREASURY_HOME/}{@value #SECRET_FILE}) and its verifier (Stripe's scheme, header
 * {@value PassportWebhookController#SIGNATURE_HEADER}). Only in the web server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class PassportWebhookConfiguration {

	/** The environment variable read when {@code treasury.webhooks.passport.secret} is not set. */
	static final String SECRET_VARIABLE = "PASSPORT_WEBHOOK_SECRET";

	/** The secret's name among the shared keys (its fingerprint is checked at start-up). */
	static final String SHARED_KEY = "passport-webhook-secret";

	/** The generated secret's file under {@code TREASURY_HOME}. */
	static final String SECRET_FILE = "passport-webhook-secret";

	private static final Logger logger = LoggerFactory.getLogger(PassportWebhookConfiguration.class);

	@Bean
	PassportSignature passportSignature(PassportWebhookProperties properties, Environment environment,
			TreasuryHome home, Clock clock, SharedKeys sharedKeys) {
		WebhookSecrets secrets;
		if (properties.secret() != null && !properties.secret().isBlank()) {
			secrets = WebhookSecrets.parse(properties.secret(), "treasury.webhooks.passport.secret");
		}
		else if (environment.getProperty(SECRET_VARIABLE) != null
				&& !environment.getProperty(SECRET_VARIABLE).isBlank()) {
			secrets = WebhookSecrets.parse(environment.getProperty(SECRET_VARIABLE), SECRET_VARIABLE);
		}
		else {
			secrets = new WebhookSecrets(List.of(WebhookSecretFile.readOrCreate(home, SECRET_FILE)),
					WebhookSecretFile.path(home, SECRET_FILE).toString(), true);
		}
		sharedKeys.verify(SHARED_KEY, "treasury.webhooks.passport.secret (" + SECRET_VARIABLE + ")",
				secrets.values().stream().map((value) -> value.getBytes(StandardCharsets.UTF_8)).toList());
		logger.info("Passport analytics: POST {} signed with {} secret(s) from {}", PassportWebhookController.PATH,
				secrets.values().size(), secrets.origin());
		return new PassportSignature(new StripeSignatureVerifier(secrets.values(), properties.toleranceSeconds(), clock,
				PassportWebhookController.SIGNATURE_HEADER));
	}

	@Bean
	PassportEventParser passportEventParser() {
		return new PassportEventParser();
	}

	/** The Passport receiver's own verifier (a bean of its own type, beside the Stripe receiver's). */
	record PassportSignature(StripeSignatureVerifier verifier) {
	}

}
