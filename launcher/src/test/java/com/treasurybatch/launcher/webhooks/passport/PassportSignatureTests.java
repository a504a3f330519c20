package com.treasurybatch.launcher.webhooks.passport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.treasurybatch.launcher.webhooks.SignatureRejectedException;
import com.treasurybatch.launcher.webhooks.StripeSignatureVerifier;
import com.treasurybatch.shared.testing.StripeSignatures;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Passport signs as Stripe does: while a secret is rolled, bodies signed with the old or the new one pass. */
class PassportSignatureTests {

	private static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");

	private final StripeSignatureVerifier verifier = new StripeSignatureVerifier(List.of("pp-new", "pp-old"), 300,
			Clock.fixed(NOW, ZoneOffset.UTC), "Passport-Signature");

	@Test
	void old_and_new_secrets_pass_while_rolling_and_a_retired_one_does_not() {
		byte[] body = "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
		String payload = new String(body, StandardCharsets.UTF_8);

		assertThatCode(() -> this.verifier.verify(payload, StripeSignatures.header(body, NOW, "pp-new")))
			.doesNotThrowAnyException();
		assertThatCode(() -> this.verifier.verify(payload, StripeSignatures.header(body, NOW, "pp-old")))
			.doesNotThrowAnyException();
		assertThatExceptionOfType(SignatureRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(payload, StripeSignatures.header(body, NOW, "pp-retired")))
			.withMessage("no v1 signature in Passport-Signature matches the body for the configured signing secrets");
		assertThatExceptionOfType(SignatureRejectedException.class)
			.isThrownBy(() -> this.verifier.verify(payload, StripeSignatures.header(body, NOW.minusSeconds(301), "pp-new")))
			.withMessageContaining("outside the tolerance of 300 seconds");
	}

}
