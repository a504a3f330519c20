package com.treasurybatch.launcher.webhooks;

import java.time.Clock;
import java.util.List;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

/**
 * Verifies a {@code Stripe-Signature} header ({@code t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=...]}) against the
 * raw body with stripe-java's {@link Webhook.Signature#verifyHeader}: the signed string is
 * {@code "<t>.<body>"}, keyed with the whole {@code whsec_...} secret; any {@code v1} may match (several appear
 * while Stripe rolls a secret); {@code t} must not be older than the tolerance (Stripe docs, "Check the
 * webhook signatures"). Each configured secret is tried in turn. Thread-safe.
 */
public final class StripeSignatureVerifier {

	private final String headerName;

	private final List<String> secrets;

	private final long toleranceSeconds;

	private final Clock clock;

	/**
	 * @param secrets the accepted signing secrets, at least one
	 * @param toleranceSeconds oldest accepted timestamp, in seconds before now
	 * @param clock source of now (UTC)
	 */
	StripeSignatureVerifier(List<String> secrets, long toleranceSeconds, Clock clock) {
		this(secrets, toleranceSeconds, clock, "Stripe-Signature");
	}

	/**
	 * A verifier of the same scheme under another header name (other senders signing as Stripe does).
	 * @param headerName the header's name, for the rejection reasons, e.g. {@code Passport-Signature}
	 */
	public StripeSignatureVerifier(List<String> secrets, long toleranceSeconds, Clock clock, String headerName) {
		this.headerName = headerName;
		this.secrets = List.copyOf(secrets);
		this.toleranceSeconds = toleranceSeconds;
		this.clock = clock;
	}

	/**
	 * Returns normally if one {@code v1} signature of the header matches the payload under one of the secrets and
	 * the timestamp is within the tolerance.
	 * @param payload the raw body, decoded as UTF-8 (as Stripe signs it)
	 * @param header the {@code Stripe-Signature} header, {@code null} when absent
	 * @throws SignatureRejectedException saying why not, in one line
	 */
	public void verify(String payload, String header) throws SignatureRejectedException {
		if (header == null || header.isBlank()) {
			throw new SignatureRejectedException(DeliveryOutcome.REJECTED_SIGNATURE_MISSING,
					this.headerName + " header is missing");
		}
		long timestamp = timestamp(header, this.headerName);
		boolean hasV1 = false;
		for (String part : header.split(",")) {
			hasV1 |= part.strip().startsWith(Webhook.Signature.EXPECTED_SCHEME + "=");
		}
		if (!hasV1) {
			throw new SignatureRejectedException(DeliveryOutcome.REJECTED_SIGNATURE_MALFORMED,
					this.headerName + " header has no v1 signature");
		}
		long now = this.clock.millis() / 1000;
		if (timestamp < now - this.toleranceSeconds) {
			throw new SignatureRejectedException(DeliveryOutcome.REJECTED_TIMESTAMP,
					this.headerName + " timestamp " + timestamp + " is " + (now - timestamp)
							+ " seconds old, outside the tolerance of " + this.toleranceSeconds + " seconds");
		}
		for (String secret : this.secrets) {
			try {
				Webhook.Signature.verifyHeader(payload, header, secret, this.toleranceSeconds, this.clock);
				return;
			}
			catch (SignatureVerificationException ex) {
				// try the next secret
			}
		}
		throw new SignatureRejectedException(DeliveryOutcome.REJECTED_SIGNATURE_MISMATCH,
				"no v1 signature in " + this.headerName + " matches the body for the configured signing secret"
						+ ((this.secrets.size() > 1) ? "s" : ""));
	}

	private static long timestamp(String header, String headerName) throws SignatureRejectedException {
		for (String part : header.split(",")) {
			String item = part.strip();
			if (item.startsWith("t=")) {
				try {
					long timestamp = Long.parseLong(item.substring(2));
					if (timestamp > 0) {
						return timestamp;
					}
				}
				catch (NumberFormatException ex) {
					// reported below
				}
				break;
			}
		}
		throw new SignatureRejectedException(DeliveryOutcome.REJECTED_SIGNATURE_MALFORMED,
				headerName + " header has no valid t=<unix seconds> timestamp");
	}

}
