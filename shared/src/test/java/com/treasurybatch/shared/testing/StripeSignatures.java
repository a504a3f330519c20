package com.treasurybatch.shared.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

import com.stripe.net.Webhook;

/**
 * Signs payloads the way Stripe signs webhook deliveries (docs.stripe.com/webhooks, "Verify webhook signatures"):
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed with the whole whsec_
 * secret>}, one {@code v1} per secret (as while a secret is being rolled).
 */
public final class StripeSignatures {

	/** A secret for tests, in Stripe's format. */
	public static final String TEST_SECRET = "whsec_tb0test0signing0secret0for0webhook0tests";

	private StripeSignatures() {
	}

	/**
	 * A {@code Stripe-Signature} header for the payload.
	 * @param payload the exact bytes that will be posted (UTF-8)
	 * @param timestamp the signing time, sent as {@code t} in unix seconds
	 * @param secrets one or more {@code whsec_...} secrets, each giving one {@code v1}
	 */
	public static String header(byte[] payload, Instant timestamp, String... secrets) {
		if (secrets.length == 0) {
			throw new IllegalArgumentException("at least one secret");
		}
		long seconds = timestamp.getEpochSecond();
		String signed = seconds + "." + new String(payload, StandardCharsets.UTF_8);
		StringBuilder header = new StringBuilder("t=").append(seconds);
		for (String secret : secrets) {
			header.append(",v1=").append(hmac(secret, signed));
		}
		return header.toString();
	}

	/** A header signed now with {@link #TEST_SECRET}. */
	public static String header(byte[] payload) {
		return header(payload, Instant.now(), TEST_SECRET);
	}

	private static String hmac(String secret, String signed) {
		try {
			return Webhook.Util.computeHmacSha256(secret, signed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
